package dev.apprentice.providers.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.ToolCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorProviderTest {

  private final FakeSleeper sleeper = new FakeSleeper();

  @Test
  void aStreamWaitsTheTimeToFirstTokenThenPacesTheRest() throws Exception {
    var provider = provider(SimulatorSettings.defaults().withTiming(Duration.ofMillis(200), 10));

    List<ChatChunk> chunks = drain(provider.stream(SimRequests.streaming("sim", "one two three", true), context()));

    assertThat(sleeper.pauses).containsExactly(Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(100));
    assertThat(chunks).hasSize(1 + 3 + 1 + 1);
  }

  @Test
  void nAsksForThatManyChoicesStreamedOrNotWithTheUsageOfAllOfThem() throws Exception {
    var provider = provider(SimulatorSettings.defaults());
    var ask = SimRequests.ask("sim", "one two three");
    var three = new dev.apprentice.api.ChatRequest(ask.model(), ask.messages(), null, null, null, null, null, null, 3,
        null, null, null, null, null, null, null, null, null);
    var streamed = SimRequests.streaming("sim", "one two three", true);
    var threeStreamed = new dev.apprentice.api.ChatRequest(streamed.model(), streamed.messages(), true,
        streamed.streamOptions(), null, null, null, null, 3, null, null, null, null, null, null, null, null, null);

    ChatResponse answer = provider.chat(three, context());
    List<ChatChunk> chunks = drain(provider.stream(threeStreamed, context()));

    assertThat(answer.choices()).extracting(ChatResponse.Choice::index).containsExactly(0, 1, 2);
    assertThat(answer.choices()).allSatisfy(c -> assertThat(c.message().text()).isEqualTo("one two three"));
    assertThat(answer.usage().completionTokens()).isEqualTo(3 * 3);
    assertThat(chunks.get(1).choices()).extracting(ChatChunk.Choice::index).containsExactly(0, 1, 2);
    assertThat(chunks.getLast().usage().completionTokens()).isEqualTo(3 * 3);
  }

  @Test
  void aStreamAskedForFarMoreTokensThanTheCapEndsAtTheCapAsTheAnswerDoes() throws Exception {
    var provider = provider(SimulatorSettings.defaults());
    var huge = SimRequests.withMetadata("sim", "hi", Map.of("sim_mode", "lorem", "sim_tokens", 1e15));

    long contentChunks = 0;
    ChatChunk last = null;
    try (ChunkStream stream = provider.stream(huge.toBuilder().stream(true).build(), context())) {
      for (ChatChunk chunk = stream.next(); chunk != null; chunk = stream.next()) {
        String text = chunk.choices().isEmpty() ? null : chunk.choices().getFirst().delta().content();
        if (text != null && !text.isEmpty()) contentChunks++;
        last = chunk;
      }
    }

    assertThat(provider.chat(huge, context()).usage().completionTokens()).isEqualTo(1_000_000);
    assertThat(contentChunks).isEqualTo(1_000_000);
    assertThat(last.usage().completionTokens()).isEqualTo(1_000_000);
  }

  @Test
  void aCompletionWaitsAsLongAsTheWholeStreamWould() throws Exception {
    var provider = provider(SimulatorSettings.defaults().withTiming(Duration.ofMillis(200), 10));

    provider.chat(SimRequests.ask("sim", "one two three"), context());

    assertThat(sleeper.total()).isEqualTo(Duration.ofMillis(400));
  }

  @Test
  void withoutTimingNothingWaits() throws Exception {
    var provider = provider(SimulatorSettings.defaults());

    provider.chat(SimRequests.ask("sim", "quick"), context());
    drain(provider.stream(SimRequests.streaming("sim", "quick", false), context()));

    assertThat(sleeper.pauses).isEmpty();
  }

  @Test
  void anAnswerSlowerThanTheDeadlineTimesOutAtTheDeadline() {
    var provider = provider(SimulatorSettings.defaults().withTiming(Duration.ofSeconds(30), 0));

    assertThatThrownBy(() -> provider.chat(SimRequests.ask("sim", "hi"), context()))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
    assertThat(sleeper.total()).isLessThanOrEqualTo(Duration.ofSeconds(10)).isGreaterThan(Duration.ofSeconds(9));
  }

  @Test
  void aSimulatedTimeoutWaitsForTheDeadlineThenFails() {
    var provider = provider(SimulatorSettings.defaults());

    assertThatThrownBy(() -> provider.stream(
        SimRequests.withMetadata("sim", "hi", Map.of("sim_fault", "timeout")), context()))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
    assertThat(sleeper.total()).isLessThanOrEqualTo(Duration.ofSeconds(10)).isGreaterThan(Duration.ofSeconds(9));
  }

  @Test
  void aStreamSendsTheRoleThenTokensThenTheFinishReasonThenItsUsageEvenUnasked() throws Exception {
    var provider = provider(SimulatorSettings.defaults());

    List<ChatChunk> withUsage = drain(provider.stream(SimRequests.streaming("sim-x", "a b", true), context()));
    List<ChatChunk> without = drain(provider.stream(SimRequests.streaming("sim-x", "a b", false), context()));

    assertThat(withUsage.getFirst().choices().getFirst().delta().role()).isEqualTo("assistant");
    assertThat(withUsage.get(1).choices().getFirst().delta().content()).isEqualTo("a");
    assertThat(withUsage.get(2).choices().getFirst().delta().content()).isEqualTo(" b");
    assertThat(withUsage.get(3).choices().getFirst().finishReason()).isEqualTo("stop");
    assertThat(withUsage.get(4).usageOnly()).isTrue();
    assertThat(withUsage.get(4).usage().completionTokens()).isEqualTo(2);
    assertThat(withUsage).allSatisfy(chunk -> {
      assertThat(chunk.model()).isEqualTo("sim-x");
      assertThat(chunk.id()).isEqualTo(withUsage.getFirst().id());
    });
    assertThat(without).as("the gateway books what a stream reports, and hands usage on only to callers that ask")
        .hasSize(5);
    assertThat(without.getLast().usage()).isEqualTo(withUsage.getLast().usage());
  }

  @Test
  void aStreamedToolCallSendsItsHeadThenItsArguments() throws Exception {
    var provider = provider(SimulatorSettings.defaults());

    List<ChatChunk> chunks = drain(provider.stream(SimRequests.withTools("call the tool", "required"), context()));

    ToolCall head = chunks.get(1).choices().getFirst().delta().toolCalls().getFirst();
    ToolCall arguments = chunks.get(2).choices().getFirst().delta().toolCalls().getFirst();
    assertThat(head.index()).isZero();
    assertThat(head.id()).startsWith("call_");
    assertThat(head.function().name()).isEqualTo("get_weather");
    assertThat(arguments.index()).isZero();
    assertThat(arguments.function().arguments()).isEqualTo("{}");
    assertThat(chunks.get(3).choices().getFirst().finishReason()).isEqualTo("tool_calls");
  }

  @Test
  void aTruncatedStreamSendsPartOfTheAnswerThenFails() throws Exception {
    var provider = provider(SimulatorSettings.defaults());
    ChunkStream stream = provider.stream(SimRequests.withMetadata("sim-lorem-10", "x",
        Map.of("sim_fault", "truncated_stream")), context());
    List<ChatChunk> received = new ArrayList<>();

    assertThatThrownBy(() -> {
      for (ChatChunk chunk = stream.next(); chunk != null; chunk = stream.next()) received.add(chunk);
    }).isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
    assertThat(received).hasSize(1 + 5);
    assertThatThrownBy(stream::next).isInstanceOf(ProviderException.class);
  }

  @Test
  void aForcedRateLimitCarriesTheConfiguredRetryAfter() {
    var provider = provider(SimulatorSettings.defaults().withFaults(new SimulatorFaults(0, 0, 0, 0, 0, 0, 3)));

    assertThatThrownBy(() -> provider.stream(
        SimRequests.withMetadata("sim", "hi", Map.of("sim_fault", "rate_limit")), context()))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        });
  }

  @Test
  void aBadMetadataValueIsAnInvalidRequest() {
    var provider = provider(SimulatorSettings.defaults());

    assertThatThrownBy(() -> provider.chat(SimRequests.withMetadata("sim", "hi", Map.of("sim_tps", "-1")), context()))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
          assertThat(e.getMessage()).contains("metadata.sim_tps");
        });
  }

  @Test
  void theAnswerNamesTheRequestedModelAndCountsUsageLikeOpenAi() throws Exception {
    ChatResponse response = provider(SimulatorSettings.defaults()).chat(SimRequests.ask("sim-echo", "hi there"),
        context());

    assertThat(response.model()).isEqualTo("sim-echo");
    assertThat(response.object()).isEqualTo("chat.completion");
    assertThat(response.text()).isEqualTo("hi there");
    assertThat(response.usage().completionTokens()).isEqualTo(2);
    assertThat(response.usage().promptTokens()).isEqualTo(3 + 3 + 1 + 2);
  }

  @Test
  void closingAStreamFromAnotherThreadWakesAWaitingNext() throws Exception {
    var provider = new SimulatorProvider("sim",
        SimulatorSettings.defaults().withTiming(Duration.ofSeconds(30), 0), SimulatorProvider.Sleeper.REAL);
    ChunkStream stream = provider.stream(SimRequests.streaming("sim", "hi", true), context());
    List<Throwable> thrown = new ArrayList<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        stream.next();
      } catch (ProviderException e) {
        thrown.add(e);
      }
    });
    Thread.sleep(50);

    stream.close();
    reader.join(Duration.ofSeconds(2));

    assertThat(reader.isAlive()).isFalse();
    assertThat(thrown).singleElement().isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
  }

  private SimulatorProvider provider(SimulatorSettings settings) {
    return new SimulatorProvider("sim", settings, sleeper);
  }

  private static CallContext context() {
    return CallContext.withTimeout("trace-sim", Duration.ofSeconds(10));
  }

  private static List<ChatChunk> drain(ChunkStream stream) throws ProviderException {
    List<ChatChunk> chunks = new ArrayList<>();
    try (stream) {
      for (ChatChunk chunk = stream.next(); chunk != null; chunk = stream.next()) chunks.add(chunk);
    }
    return chunks;
  }
}
