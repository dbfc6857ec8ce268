package dev.apprentice.gateway.accounting;

import static dev.apprentice.testing.FakeProvider.fail;
import static dev.apprentice.testing.FakeProvider.reply;
import static dev.apprentice.testing.FakeProvider.streamFailAfter;
import static dev.apprentice.testing.FakeProvider.streamReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.access.ApiKey;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.CallEnd;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.config.PriceSettings;
import dev.apprentice.gateway.cost.PriceTable;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.routing.FallbackRouter;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccountingStepTest {

  /** $2 per million input tokens, $10 per million output tokens. */
  private static final PriceSettings PRICE = new PriceSettings(2.0, 10.0, null, null, null);

  private final FakeProvider openai = new FakeProvider("openai");
  private final FakeProvider backup = new FakeProvider("backup");
  private final List<TraceRecord> traces = new CopyOnWriteArrayList<>();
  private final List<CallEnd> ends = new CopyOnWriteArrayList<>();
  private Capture capture = Capture.FULL;
  private Gateway gateway;

  @AfterEach
  void close() {
    if (gateway != null) gateway.close();
    openai.close();
    backup.close();
  }

  private Gateway gateway() {
    ModelRoute route = new ModelRoute("smart", new FallbackRouter(),
        List.of(new Target(openai, "gpt-4o", 1), new Target(backup, "claude-sonnet", 1)), 0, Duration.ofSeconds(5),
        Duration.ofSeconds(5), Duration.ofMillis(1), new Breakers.Policy(50, 1_000, Duration.ofSeconds(30)));
    Pricing pricing = new Pricing(PriceTable.builtIn(), Map.of("smart", PRICE));
    gateway = Gateway.builder()
        .interceptor(new AccountingStep(pricing, new TokenEstimator(), model -> capture, traces::add))
        .model(route).build();
    return gateway;
  }

  private static ChatRequest request(boolean stream, boolean includeUsage) {
    return ChatRequest.builder().model("smart").messages(List.of(Message.user("what is the capital of France")))
        .stream(stream).streamOptions(includeUsage ? new ChatRequest.StreamOptions(true) : null).user("user-7")
        .metadata(Map.of("team", "search")).build();
  }

  private Call open(ChatRequest request) {
    Call call = gateway().open(request, "tr_1", Map.of("x-apprentice-tags", "eval, nightly,eval"), System.nanoTime(),
        Caller.of(new ApiKey("k1", ApiKey.Role.CLIENT, "acme", "ci", "hash", Set.of(), Limits.NONE, Instant.now(), null),
            Limits.NONE));
    call.onEnd(ends::add);
    return call;
  }

  private static void drain(Outcome.Streaming streaming) throws ProviderException {
    try (var rest = streaming.rest()) {
      while (rest.next() != null) {
        // read to the end
      }
    }
  }

  @Test
  void aCallThatDiesOfADefectStillEndsOnceSoItsReservationsSettleAndItsTraceKeepsOnlyTheDefectsKind() {
    ModelRoute route = new ModelRoute("smart", new FallbackRouter(), List.of(new Target(openai, "gpt-4o", 1)), 0,
        Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(1),
        new Breakers.Policy(50, 1_000, Duration.ofSeconds(30)));
    gateway = Gateway.builder()
        .interceptor(new AccountingStep(new Pricing(PriceTable.builtIn(), Map.of("smart", PRICE)),
            new TokenEstimator(), model -> capture, traces::add))
        .interceptor(chain -> {
          throw new StackOverflowError("a guard recursed too deep on jane.doe@example.com");
        })
        .model(route).build();
    ChatRequest request = request(false, false);
    Call call = gateway.open(request, "tr_1", Map.of(), System.nanoTime(), Caller.ANONYMOUS);
    call.onEnd(ends::add);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> gateway.execute(call, request))
        .isInstanceOf(StackOverflowError.class);

    assertThat(ends).singleElement().satisfies(end -> assertThat(end.status()).isEqualTo(500));
    assertThat(traces).singleElement().satisfies(t -> {
      assertThat(t.errorCode()).isEqualTo("internal_error");
      assertThat(t.errorMessage()).as("the kind of defect, not its message, which may quote the request")
          .startsWith("StackOverflowError").doesNotContain("jane.doe");
    });
  }

  @Test
  void aStreamThatDiesOfADefectMidwayIsTracedAsAnInternalErrorNotAsADisconnect() throws Exception {
    openai.then(streamReply("Paris", " is", " the", " capital"));
    ModelRoute route = new ModelRoute("smart", new FallbackRouter(), List.of(new Target(openai, "gpt-4o", 1)), 0,
        Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(1),
        new Breakers.Policy(50, 1_000, Duration.ofSeconds(30)));
    gateway = Gateway.builder()
        .interceptor(new AccountingStep(new Pricing(PriceTable.builtIn(), Map.of("smart", PRICE)),
            new TokenEstimator(), model -> capture, traces::add))
        .interceptor(chain -> {
          Outcome.Streaming streaming = (Outcome.Streaming) chain.proceed(chain.request());
          return new Outcome.Streaming(streaming.first(), new BrokenAfterOne(streaming.rest()));
        })
        .model(route).build();
    ChatRequest streamed = request(true, false);
    Call call = gateway.open(streamed, "tr_s", Map.of(), System.nanoTime(), Caller.ANONYMOUS);
    call.onEnd(ends::add);
    Outcome.Streaming outcome = (Outcome.Streaming) gateway.execute(call, streamed);

    assertThatThrownBy(() -> drain(outcome)).isInstanceOf(OutOfMemoryError.class);

    assertThat(ends).singleElement().satisfies(end -> assertThat(end.status()).isEqualTo(200));
    assertThat(traces).singleElement().satisfies(t -> {
      assertThat(t.errorCode()).isEqualTo("internal_error");
      assertThat(t.tokens().output()).isPositive();
    });
  }

  /** A step with a defect: its second chunk throws. */
  private record BrokenAfterOne(dev.apprentice.api.ChunkStream rest) implements dev.apprentice.api.ChunkStream {
    @Override
    public ChatChunk next() throws ProviderException {
      rest.next();
      throw new OutOfMemoryError("Java heap space");
    }

    @Override
    public void close() {
      rest.close();
    }
  }

  @Test
  void aCompleteCallIsTracedOnceWithTheProvidersUsageAndItsCost() {
    openai.then(reply("Paris is the capital"));
    ChatRequest request = request(false, false);
    Call call = open(request);
    gateway.execute(call, request);

    assertThat(traces).hasSize(1);
    TraceRecord t = traces.getFirst();
    assertThat(t.id()).isEqualTo("tr_1");
    assertThat(t.tenant()).isEqualTo("acme");
    assertThat(t.keyId()).isEqualTo("k1");
    assertThat(t.model()).isEqualTo("smart");
    assertThat(t.provider()).isEqualTo("openai");
    assertThat(t.upstreamModel()).isEqualTo("gpt-4o");
    assertThat(t.responseModel()).isEqualTo("gpt-4o");
    assertThat(t.status()).isEqualTo(200);
    assertThat(t.errorCode()).isNull();
    assertThat(t.tokens().input()).isEqualTo(7); // the fake counts words: 6 + 1
    assertThat(t.tokens().output()).isEqualTo(4);
    assertThat(t.usageEstimated()).isFalse();
    assertThat(t.costUsd()).isCloseTo((7 * 2.0 + 4 * 10.0) / 1e6, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(t.user()).isEqualTo("user-7");
    assertThat(t.metadata()).containsEntry("team", "search");
    assertThat(t.tags()).containsExactly("eval", "nightly");
    assertThat(t.ttftMs()).isNull();
    assertThat(t.latencyMs()).isGreaterThanOrEqualTo(t.overheadMs());
    assertThat(t.request()).contains("capital of France");
    assertThat(t.response()).contains("Paris is the capital");
    assertThat(t.attempts()).singleElement().satisfies(a -> {
      assertThat(a.provider()).isEqualTo("openai");
      assertThat(a.outcome()).isEqualTo("ok");
    });
    assertThat(ends).singleElement().satisfies(end -> assertThat(end.costUsd()).isEqualTo(t.costUsd()));
  }

  @Test
  void streamedAndNonStreamedCallsWithTheSameUsageCostTheSame() throws Exception {
    openai.then(reply("Paris is the capital"), streamReply("Paris", " is", " the", " capital"));
    ChatRequest plain = request(false, false);
    gateway().execute(gateway.open(plain, "tr_plain", Map.of()), plain);
    ChatRequest streamed = request(true, true);
    drain((Outcome.Streaming) gateway.execute(gateway.open(streamed, "tr_stream", Map.of()), streamed));

    assertThat(traces).hasSize(2);
    assertThat(traces.get(1).tokens()).isEqualTo(traces.get(0).tokens());
    assertThat(traces.get(1).costUsd()).isEqualTo(traces.get(0).costUsd()).isPositive();
    assertThat(traces.get(1).usageEstimated()).isFalse();
    assertThat(traces.get(1).ttftMs()).isNotNull();
    assertThat(traces.get(1).response()).contains("Paris is the capital");
  }

  @Test
  void aStreamWithoutUsageIsEstimatedAndFlagged() throws Exception {
    openai.then(streamReply("Paris", " is", " the", " capital"));
    ChatRequest streamed = request(true, false);
    drain((Outcome.Streaming) gateway().execute(gateway.open(streamed, "tr_s", Map.of()), streamed));

    TraceRecord t = traces.getFirst();
    assertThat(t.usageEstimated()).isTrue();
    assertThat(t.tokens().input()).isEqualTo(new TokenEstimator().countPrompt(streamed));
    assertThat(t.tokens().output()).isEqualTo(new TokenEstimator().countText("Paris is the capital"));
    assertThat(t.costUsd()).isPositive();
  }

  @Test
  void aStreamClosedBeforeItsEndIsTracedAsAClientDisconnectWithWhatWasProduced() throws Exception {
    openai.then(streamReply("Paris", " is", " the", " capital"));
    ChatRequest streamed = request(true, false);
    Outcome.Streaming outcome = (Outcome.Streaming) gateway().execute(gateway.open(streamed, "tr_s", Map.of()), streamed);
    outcome.rest().next();
    outcome.rest().close();

    TraceRecord t = traces.getFirst();
    assertThat(t.status()).isEqualTo(499);
    assertThat(t.errorCode()).isEqualTo("client_disconnected");
    assertThat(t.usageEstimated()).isTrue();
    assertThat(t.tokens().output()).isPositive();
  }

  @Test
  void aStreamThatFailsMidwayIsTracedWithTheErrorAfterA200() {
    openai.then(streamFailAfter(2, Kind.CONNECTION));
    ChatRequest streamed = request(true, false);
    Outcome.Streaming outcome = (Outcome.Streaming) gateway().execute(gateway.open(streamed, "tr_s", Map.of()), streamed);
    assertThatThrownBy(() -> drain(outcome)).isInstanceOf(ProviderException.class);

    assertThat(traces).singleElement().satisfies(t -> {
      assertThat(t.status()).isEqualTo(200);
      assertThat(t.errorCode()).isEqualTo("upstream_error");
      assertThat(t.succeeded()).isFalse();
    });
  }

  @Test
  void aCallWhereEveryTargetFailsIsTracedWithItsAttemptsAndCostsNothing() {
    openai.then(fail(Kind.SERVER_ERROR, 500, null));
    backup.then(fail(Kind.SERVER_ERROR, 503, null));
    ChatRequest request = request(false, false);
    Call call = open(request);
    assertThatThrownBy(() -> gateway.execute(call, request)).isInstanceOf(GatewayException.class);

    TraceRecord t = traces.getFirst();
    assertThat(t.status()).isEqualTo(502);
    assertThat(t.errorCode()).isEqualTo("upstream_error");
    assertThat(t.provider()).isNull();
    assertThat(t.costUsd()).isZero();
    assertThat(t.attempts()).extracting(a -> a.provider() + ":" + a.httpStatus())
        .containsExactly("openai:500", "backup:503");
    assertThat(ends).singleElement().satisfies(end -> assertThat(end.status()).isEqualTo(502));
  }

  @Test
  void metadataOnlyCaptureKeepsNoBodies() {
    capture = Capture.METADATA_ONLY;
    openai.then(reply("Paris"));
    ChatRequest request = request(false, false);
    gateway().execute(gateway.open(request, "tr_1", Map.of()), request);

    assertThat(traces.getFirst().request()).isNull();
    assertThat(traces.getFirst().response()).isNull();
    assertThat(traces.getFirst().tokens().total()).isPositive();
  }

  @Test
  void aTracedRequestKeepsANullInsideItsResponseFormatSchemaAndLeavesUnsetFieldsOut() {
    openai.then(reply("{}"));
    Map<String, Object> unit = new java.util.LinkedHashMap<>();
    unit.put("const", null);
    Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("unit", unit));
    ChatRequest request = ChatRequest.builder().model("smart").messages(List.of(Message.user("Weather?")))
        .responseFormat(Map.of("type", "json_schema", "json_schema", Map.of("name", "answer", "schema", schema)))
        .build();
    gateway().execute(gateway.open(request, "tr_1", Map.of()), request);

    String traced = traces.getFirst().request();
    assertThat(traced).contains("\"unit\":{\"const\":null}");
    assertThat(traced).doesNotContain("\"temperature\"");
  }

  @Test
  void anAnonymousCallIsAccountedToTheDefaultTenant() {
    openai.then(reply("Paris"));
    ChatRequest request = request(false, false);
    gateway().execute(gateway.open(request, "tr_1", Map.of()), request);

    assertThat(traces.getFirst().tenant()).isEqualTo(Caller.DEFAULT_TENANT);
    assertThat(traces.getFirst().keyId()).isNull();
  }

  @Test
  void aStreamedToolCallIsAssembledIntoOneCapturedAnswer() {
    StreamAssembler assembler = new StreamAssembler();
    assembler.add(toolChunk("call_1", "lookup", "{\"ci"));
    assembler.add(toolChunk(null, null, "ty\":\"Paris\"}"));
    var message = assembler.response().choices().getFirst().message();
    assertThat(message.toolCalls()).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo("call_1");
      assertThat(c.function().name()).isEqualTo("lookup");
      assertThat(c.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    });
  }

  private static ChatChunk toolChunk(String id, String name, String args) {
    var call = new dev.apprentice.api.ToolCall(0, id, id == null ? null : "function",
        new dev.apprentice.api.ToolCall.FunctionCall(name, args));
    var delta = new ChatChunk.Delta(null, null, List.of(call), null, null);
    return new ChatChunk("c", ChatChunk.OBJECT, 1L, "gpt-4o", List.of(new ChatChunk.Choice(0, delta, null, null)),
        null, null, null);
  }
}
