package dev.apprentice.gateway.accounting;

import static dev.apprentice.testing.FakeProvider.chunk;
import static dev.apprentice.testing.FakeProvider.reply;
import static dev.apprentice.testing.FakeProvider.streamChunks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.trace.Generation;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.api.trace.TraceSink;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.cost.PriceTable;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.routing.FallbackRouter;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call's trace holds its generation parameters and its answer's id and finish reasons when a sink reads them (the
 * OTLP exporter), and nothing of them when none does.
 */
class GenerationTracedTest {

  private final FakeProvider openai = new FakeProvider("openai");
  private final List<TraceRecord> traces = new CopyOnWriteArrayList<>();
  private Gateway gateway;

  /** Keeps every trace, and reads their generation as the OTLP exporter does. */
  private final TraceSink readingGeneration = new TraceSink() {
    @Override
    public void accept(TraceRecord trace) {
      traces.add(trace);
    }

    @Override
    public boolean readsGeneration() {
      return true;
    }
  };

  @AfterEach
  void close() {
    if (gateway != null) gateway.close();
    openai.close();
  }

  private Gateway gateway(TraceSink sink) {
    ModelRoute route = new ModelRoute("smart", new FallbackRouter(), List.of(new Target(openai, "gpt-4o", 1)), 0,
        Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(1),
        new Breakers.Policy(50, 1_000, Duration.ofSeconds(30)));
    gateway = Gateway.builder()
        .interceptor(new AccountingStep(new Pricing(PriceTable.builtIn(), Map.of()), new TokenEstimator(),
            model -> Capture.METADATA_ONLY, sink))
        .model(route).build();
    return gateway;
  }

  private static ChatRequest request(boolean stream) {
    return ChatRequest.builder().model("smart").messages(List.of(Message.user("name a colour"))).stream(stream)
        .temperature(0.3).seed(7L).n(2).stop("END").responseFormat(Map.of("type", "json_object"))
        .extra(Map.of("presence_penalty", 0.1)).build();
  }

  @Test
  void aSinkThatReadsGenerationGetsTheRequestsParametersAndTheAnswersIdAndFinishReasons() {
    openai.then(reply("blue"));
    ChatRequest request = request(false);
    gateway(readingGeneration).execute(gateway.open(request, "tr_1", Map.of()), request);

    assertThat(traces).singleElement().satisfies(t -> assertThat(t.generation()).isEqualTo(new Generation(0.3, null,
        null, null, 0.1, List.of("END"), 7L, 2, Generation.JSON, "fake-1", List.of("stop"))));
  }

  @Test
  void aStreamsAnswerTellsItsFirstIdAndEachChoicesFinishReasonThoughNoBodyIsCaptured() throws ProviderException {
    openai.then(streamChunks(chunk(new ChatChunk.Delta("assistant", "bl", null, null, null), null),
        new ChatChunk("chatcmpl-late", ChatChunk.OBJECT, 0L, "fake", List.of(
            new ChatChunk.Choice(0, new ChatChunk.Delta(null, "ue", null, null, null), "length", null),
            new ChatChunk.Choice(1, new ChatChunk.Delta("assistant", "red", null, null, null), "stop", null)),
            null, null, null)));
    ChatRequest request = request(true);
    Outcome.Streaming streaming =
        (Outcome.Streaming) gateway(readingGeneration).execute(gateway.open(request, "tr_s", Map.of()), request);
    try (var rest = streaming.rest()) {
      while (rest.next() != null) {
        // read to the end
      }
    }

    assertThat(traces).singleElement().satisfies(t -> {
      assertThat(t.response()).isNull();
      assertThat(t.generation().responseId()).isEqualTo("fake-chunk");
      assertThat(t.generation().finishReasons()).containsExactly("length", "stop");
    });
  }

  @Test
  void whileNoSinkReadsGenerationATraceHoldsNone() {
    openai.then(reply("blue"));
    ChatRequest request = request(false);
    gateway(traces::add).execute(gateway.open(request, "tr_1", Map.of()), request);

    assertThat(traces).singleElement().satisfies(t -> assertThat(t.generation()).isNull());
  }
}
