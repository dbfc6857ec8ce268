package dev.apprentice.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.apprentice.api.trace.TraceRecord;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each trace record becomes a GenAI chat span with one child per upstream attempt, one event per target passed
 * over and one per guardrail verdict.
 */
class OtlpTraceExporterTest {

  private static final long START = SampleTraces.STARTED.getEpochSecond() * 1_000_000_000L
      + SampleTraces.STARTED.getNano();
  private static final long MS = 1_000_000L;

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OtlpTraceExporter exporter = new OtlpTraceExporter(spans, "apprentice-test", Duration.ofSeconds(10));

  @AfterEach
  void close() {
    exporter.close();
  }

  @Test
  void aServedCallBecomesAClientSpanWithGenAiAndApprenticeAttributes() {
    SpanData call = exportOnly(SampleTraces.servedAfterRetry()).getFirst();

    assertThat(call.getName()).isEqualTo("chat gpt-4o-mini");
    assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(call.getParentSpanContext().isValid()).isFalse();
    assertThat(call.getStartEpochNanos()).isEqualTo(START);
    assertThat(call.getEndEpochNanos()).isEqualTo(START + 1000 * MS);
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(call.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("apprentice-test");
    assertThat(call.getAttributes().asMap()).isEqualTo(Attributes.builder()
        .put("gen_ai.operation.name", "chat")
        .put("gen_ai.provider.name", "openai")
        .put("apprentice.provider", "openai")
        .put("gen_ai.request.model", "gpt-4o-mini")
        .put("gen_ai.response.model", "gpt-4o-mini-2024-07-18")
        .put("gen_ai.usage.input_tokens", 120L)
        .put("gen_ai.usage.output_tokens", 56L)
        .put("gen_ai.usage.cache_read.input_tokens", 100L)
        .put("gen_ai.usage.cache_creation.input_tokens", 10L)
        .put("apprentice.trace_id", "tr_0123456789abcdef01234567")
        .put("apprentice.model", "fast")
        .put("apprentice.api", "chat_completions")
        .put("apprentice.tenant", "acme")
        .put("apprentice.key_id", "key_1")
        .put("apprentice.status_code", 200L)
        .put("apprentice.stream", true)
        .put("apprentice.cost_usd", 0.000052)
        .put("apprentice.usage_estimated", false)
        .put("apprentice.usage.reasoning_tokens", 20L)
        .put("apprentice.cache", "miss")
        .put("apprentice.attempts", 2L)
        .put("apprentice.overhead_ms", 2.25)
        .put("apprentice.ttft_ms", 350.5)
        .put("apprentice.system_fingerprint", "fp_abc")
        .put(AttributeKey.stringArrayKey("apprentice.tags"), List.of("team-a", "batch"))
        .build().asMap());
  }

  @Test
  void aCallsSpanCarriesTheGenerationParametersItsRequestSetAndItsAnswersIdAndFinishReasons() {
    SpanData call = exportOnly(SampleTraces.servedWithGenerationParameters()).getFirst();

    assertThat(call.getAttributes().asMap()).containsAllEntriesOf(Attributes.builder()
        .put("gen_ai.request.temperature", 0.2)
        .put("gen_ai.request.top_p", 0.9)
        .put("gen_ai.request.max_tokens", 64L)
        .put("gen_ai.request.frequency_penalty", 0.5)
        .put("gen_ai.request.presence_penalty", -0.5)
        .put(AttributeKey.stringArrayKey("gen_ai.request.stop_sequences"), List.of("END", "STOP"))
        .put("gen_ai.request.seed", 42L)
        .put("gen_ai.request.choice.count", 2L)
        .put("gen_ai.output.type", "json")
        .put("gen_ai.response.id", "chatcmpl-abc")
        .put(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop", "length"))
        .build().asMap());
  }

  @Test
  void aRequestWithThousandsOfLongStopSequencesPutsOnlyTheFirstOnesCutShortOnItsSpan() {
    List<String> stops = new ArrayList<>();
    for (int i = 0; i < 5000; i++) stops.add(i + ":" + "x".repeat(10_000));
    stops.set(1, "y".repeat(SpanAttributes.STOP_SEQUENCE_CHARS - 1) + "😀"); // a cut must not split the emoji

    SpanData call = exportOnly(SampleTraces.servedWithGenerationParameters(stops)).getFirst();

    List<String> exported = call.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.request.stop_sequences"));
    assertThat(exported).hasSize(SpanAttributes.MAX_STOP_SEQUENCES);
    assertThat(exported.getFirst()).startsWith("0:xxx").hasSize(SpanAttributes.STOP_SEQUENCE_CHARS);
    assertThat(exported.get(1)).isEqualTo("y".repeat(SpanAttributes.STOP_SEQUENCE_CHARS - 1));
    assertThat(exported.getLast()).startsWith((SpanAttributes.MAX_STOP_SEQUENCES - 1) + ":x");
  }

  @Test
  void theExporterSaysItReadsGenerationSoThatTheGatewayFillsItIn() {
    assertThat(exporter.readsGeneration()).isTrue();
  }

  @Test
  void attemptsOfATraceKeptWithoutTheirStartsBecomeChildSpansLaidEndToEndFromTheCallsStart() {
    List<SpanData> exported = exportOnly(SampleTraces.servedAfterRetry());
    SpanData call = exported.getFirst();
    SpanData first = exported.get(1);
    SpanData second = exported.get(2);

    for (SpanData attempt : List.of(first, second)) {
      assertThat(attempt.getName()).isEqualTo("attempt openai/gpt-4o-mini");
      assertThat(attempt.getKind()).isEqualTo(SpanKind.CLIENT);
      assertThat(attempt.getTraceId()).isEqualTo(call.getTraceId());
      assertThat(attempt.getParentSpanId()).isEqualTo(call.getSpanId());
    }
    assertThat(first.getStartEpochNanos()).isEqualTo(START);
    assertThat(first.getEndEpochNanos()).isEqualTo(START + 100 * MS);
    assertThat(second.getStartEpochNanos()).isEqualTo(START + 100 * MS);
    assertThat(second.getEndEpochNanos()).isEqualTo(START + 400 * MS);
    assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(first.getStatus().getDescription()).isEqualTo("slow down");
    assertThat(first.getAttributes().asMap()).isEqualTo(Attributes.builder()
        .put("gen_ai.operation.name", "chat")
        .put("gen_ai.provider.name", "openai")
        .put("apprentice.provider", "openai")
        .put("gen_ai.request.model", "gpt-4o-mini")
        .put("http.response.status_code", 429L)
        .put("apprentice.attempt.index", 0L)
        .put("apprentice.attempt.outcome", "rate_limited")
        .put("error.type", "rate_limited")
        .put("gen_ai.usage.input_tokens", 0L)
        .put("gen_ai.usage.output_tokens", 0L)
        .put("apprentice.cost_usd", 0.0)
        .put("apprentice.usage_estimated", false)
        .build().asMap());
    assertThat(second.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(second.getAttributes().get(AttributeKey.longKey("apprentice.attempt.index"))).isEqualTo(1L);
    assertThat(second.getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();
  }

  @Test
  void attemptSpansBeginWhenTheirAttemptsBeganSoThatTheWorkBeforeThemAndTheWaitBetweenThemShowWhereTheyHappened() {
    List<SpanData> exported = exportOnly(SampleTraces.servedAfterAWaitedRetry());
    SpanData first = exported.get(1);
    SpanData second = exported.get(2);

    assertThat(first.getStartEpochNanos()).as("after the 50 ms before it").isEqualTo(START + 50 * MS);
    assertThat(first.getEndEpochNanos()).isEqualTo(START + 150 * MS);
    assertThat(second.getStartEpochNanos()).as("after the 400 ms wait").isEqualTo(START + 550 * MS);
    assertThat(second.getEndEpochNanos()).isEqualTo(START + 850 * MS);
    assertThat(exported.getFirst().getEndEpochNanos()).isEqualTo(START + 1000 * MS);
  }

  @Test
  void aResponsesCallsSpanCarriesTheResponseIdTheClientSawNotThatOfTheChatCompletionItWasMadeFrom() {
    Attributes call = exportOnly(SampleTraces.answeredThroughResponses()).getFirst().getAttributes();

    assertThat(call.get(AttributeKey.stringKey("gen_ai.response.id"))).isEqualTo("resp_0123456789abcdef0123456f");
  }

  @Test
  void aResponsesCallsSpanCarriesTheResponseIdTheClientSawEvenWhenTheCompletionBehindItHadNoId() {
    Attributes call = exportOnly(SampleTraces.answeredThroughResponses(null)).getFirst().getAttributes();

    assertThat(call.get(AttributeKey.stringKey("gen_ai.response.id"))).isEqualTo("resp_0123456789abcdef0123456f");
  }

  @Test
  void eachAttemptSpanCarriesWhatTheAttemptIsBookedAtUnderTheCallSpansKeys() {
    List<SpanData> exported = exportOnly(SampleTraces.servedAfterAGivenUpAttempt());
    Attributes givenUp = exported.get(1).getAttributes();
    Attributes answered = exported.get(2).getAttributes();

    assertThat(givenUp.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(18L);
    assertThat(givenUp.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isZero();
    assertThat(givenUp.get(AttributeKey.doubleKey("apprentice.cost_usd"))).isEqualTo(0.000027);
    assertThat(givenUp.get(AttributeKey.booleanKey("apprentice.usage_estimated"))).as("counted locally").isTrue();
    assertThat(answered.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(12L);
    assertThat(answered.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(5L);
    assertThat(answered.get(AttributeKey.doubleKey("apprentice.cost_usd"))).isEqualTo(0.000013);
    assertThat(answered.get(AttributeKey.booleanKey("apprentice.usage_estimated"))).isFalse();
    Attributes call = exported.getFirst().getAttributes();
    assertThat(call.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).as("the sum of its attempts'")
        .isEqualTo(30L);
    assertThat(call.get(AttributeKey.booleanKey("apprentice.usage_estimated"))).isTrue();
  }

  @Test
  void anEmbeddingCallsAttemptSpansAreEmbeddingsOperationsToo() {
    List<SpanData> exported = exportOnly(SampleTraces.embedded());

    assertThat(exported).extracting(s -> s.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name")))
        .containsExactly("embeddings", "embeddings");
    assertThat(exported.get(1).getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(8L);
  }

  @Test
  void theCallsSpanNamesTheWireApiItCameThroughUnderTheChatOperation() {
    Attributes responses = exportOnly(SampleTraces.servedThroughResponses()).getFirst().getAttributes();

    assertThat(responses.get(AttributeKey.stringKey("apprentice.api"))).isEqualTo("responses");
    assertThat(responses.get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
    spans.reset();
    assertThat(exportOnly(SampleTraces.embedded()).getFirst().getAttributes()
        .get(AttributeKey.stringKey("apprentice.api"))).isEqualTo("embeddings");
  }

  @Test
  void targetsPassedOverBecomeEventsOnTheCallsSpanInOrderDatedAtItsStart() {
    List<SpanData> exported = exportOnly(SampleTraces.servedAfterSkippingTwoTargets());
    List<EventData> events = exported.getFirst().getEvents();

    assertThat(events).extracting(EventData::getName)
        .containsExactly("apprentice.target.skipped", "apprentice.target.skipped");
    assertThat(events).extracting(EventData::getEpochNanos).containsOnly(START);
    assertThat(events.get(0).getAttributes().asMap()).isEqualTo(Attributes.builder()
        .put("gen_ai.provider.name", "anthropic")
        .put("apprentice.provider", "anthropic")
        .put("gen_ai.request.model", "claude-haiku")
        .put("apprentice.skip.reason", "circuit_open")
        .build().asMap());
    assertThat(events.get(1).getAttributes().asMap()).isEqualTo(Attributes.builder()
        .put("gen_ai.provider.name", "bedrock")
        .put("apprentice.provider", "bedrock")
        .put("gen_ai.request.model", "claude-sonnet")
        .put("apprentice.skip.reason", "unsupported")
        .put("apprentice.skip.message", "n above 1 is not supported")
        .build().asMap());
    assertThat(exported).hasSize(2);
    assertThat(exported.get(1).getEvents()).isEmpty();
  }

  @Test
  void aCallThatPassedOverNoTargetHasNoEvents() {
    assertThat(exportOnly(SampleTraces.servedAfterRetry()).getFirst().getEvents()).isEmpty();
  }

  @Test
  void aFailedCallHasAnErrorStatusAndItsErrorCodeAsErrorType() {
    List<SpanData> exported = exportOnly(SampleTraces.failed());
    SpanData call = exported.getFirst();

    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(call.getStatus().getDescription()).isEqualTo("upstream answered 503");
    assertThat(call.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("upstream_error");
    assertThat(call.getAttributes().get(AttributeKey.longKey("apprentice.status_code"))).isEqualTo(502L);
    assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isNull();
    assertThat(call.getAttributes().get(AttributeKey.stringKey("apprentice.key_id"))).isNull();
    assertThat(call.getAttributes().get(AttributeKey.doubleKey("apprentice.ttft_ms"))).isNull();
    assertThat(exported.get(1).getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(503L);
    assertThat(exported.get(1).getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("server_error");
  }

  @Test
  void aRequestRefusedBeforeItBecameACallIsNamedByItsOperationAloneWhateverModelTheClientSentAndHasNoChildren() {
    List<SpanData> exported = exportOnly(SampleTraces.refusedBeforeAnyProvider(), exporter::acceptRefused);

    assertThat(exported).hasSize(1);
    assertThat(exported.getFirst().getName()).isEqualTo("chat");
    assertThat(exported.getFirst().getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")))
        .isEqualTo("no-such-model");
    assertThat(exported.getFirst().getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isNull();
    assertThat(exported.getFirst().getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("model_not_found");
  }

  @Test
  void aCallNoTargetAnsweredIsNamedAfterTheModelItsLastAttemptAskedWithThatAttemptsProvider() {
    SpanData call = exportOnly(SampleTraces.failedOnEveryTry()).getFirst();

    assertThat(call.getName()).isEqualTo("chat echo-model");
    assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("echo-model");
    assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("sim");
    assertThat(call.getAttributes().get(AttributeKey.stringKey("apprentice.model"))).isEqualTo("plain");
    assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isNull();
  }

  @Test
  void eachGuardrailVerdictBecomesAnEventOnTheCallsSpanWithTheFindingsTypesButNeverTheirValues() {
    List<EventData> events = exportOnly(SampleTraces.servedWithGuardVerdicts()).getFirst().getEvents();

    assertThat(events).extracting(EventData::getName)
        .containsExactly("apprentice.guard.verdict", "apprentice.guard.verdict");
    assertThat(events).extracting(EventData::getEpochNanos).containsOnly(START);
    Attributes input = events.getFirst().getAttributes();
    assertThat(input.get(AttributeKey.stringKey("apprentice.guard.direction"))).isEqualTo("input");
    assertThat(input.get(AttributeKey.stringKey("apprentice.guard.scanner"))).isEqualTo("pii");
    assertThat(input.get(AttributeKey.stringKey("apprentice.guard.action"))).isEqualTo("redact");
    assertThat(input.get(AttributeKey.doubleKey("apprentice.guard.score"))).isEqualTo(1.0);
    assertThat(input.get(AttributeKey.stringArrayKey("apprentice.guard.findings")))
        .containsExactly("EMAIL_ADDRESS", "PHONE_NUMBER");
    assertThat(input.get(AttributeKey.longKey("apprentice.guard.finding_count"))).isEqualTo(3L);
    assertThat(input.get(AttributeKey.longKey("apprentice.guard.micros"))).isEqualTo(2987L);
    Attributes output = events.get(1).getAttributes();
    assertThat(output.get(AttributeKey.stringKey("apprentice.guard.direction"))).isEqualTo("output");
    assertThat(output.get(AttributeKey.stringKey("apprentice.guard.action"))).isEqualTo("pass");
    assertThat(output.get(AttributeKey.stringArrayKey("apprentice.guard.findings"))).isEmpty();
  }

  @Test
  void anAttemptNeverReachesPastTheCallsEnd() {
    List<SpanData> exported = exportOnly(SampleTraces.attemptsLongerThanTheCall());

    assertThat(exported.get(1).getEndEpochNanos()).isEqualTo(START + 40 * MS);
    assertThat(exported.get(2).getStartEpochNanos()).isEqualTo(START + 40 * MS);
    assertThat(exported.get(2).getEndEpochNanos()).isEqualTo(START + 50 * MS);
    assertThat(exported.get(1).getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isNull();
  }

  @Test
  void aCallWhoseCallerSentATraceparentIsExportedInsideTheCallersTrace() {
    exporter.accept(SampleTraces.servedInsideACallersTrace("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    exporter.flush();

    SpanData call = spans.getFinishedSpanItems().stream().filter(s -> s.getName().startsWith("chat ")).findFirst()
        .orElseThrow();
    SpanData attempt = spans.getFinishedSpanItems().stream().filter(s -> s.getName().startsWith("attempt "))
        .findFirst().orElseThrow();
    assertThat(call.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(call.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(call.getParentSpanContext().isRemote()).isTrue();
    assertThat(call.getSpanContext().isSampled()).isTrue();
    assertThat(attempt.getTraceId()).isEqualTo(call.getTraceId());
    assertThat(attempt.getParentSpanId()).isEqualTo(call.getSpanId());
  }

  @Test
  void aCallWithoutACallersTraceStartsATraceOfItsOwn() {
    List<SpanData> exported = exportOnly(SampleTraces.servedAfterRetry());

    assertThat(exported.getFirst().getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void genAiProviderNameIsTheProvidersTypeAndTheConfiguredNameIsKeptBesideIt() {
    // "bedrock" here is an OpenAI-compatible endpoint configured under that name: type openai
    ProviderTypes types = new ProviderTypes(java.util.Map.of("openai", "openai", "anthropic", "anthropic",
        "bedrock", "openai"));
    // served by openai; passed over anthropic, bedrock
    List<SpanData> exported = exportNamedBy(types, SampleTraces.servedAfterSkippingTwoTargets());

    SpanData call = exported.stream().filter(s -> s.getName().startsWith("chat ")).findFirst().orElseThrow();
    SpanData attempt = exported.stream().filter(s -> s.getName().startsWith("attempt ")).findFirst().orElseThrow();
    assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
    assertThat(attempt.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
    EventData bedrock = call.getEvents().get(1);
    assertThat(bedrock.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
    assertThat(bedrock.getAttributes().get(AttributeKey.stringKey("apprentice.provider"))).isEqualTo("bedrock");
    assertThat(call.getAttributes().get(AttributeKey.stringKey("server.address"))).as("no address known").isNull();
  }

  @Test
  void eachProvidersSpansAndEventsCarryTheAddressItsApiAnswersAt() {
    ProviderTypes types = new ProviderTypes(java.util.Map.of("openai", "openai", "bedrock", "openai"),
        java.util.Map.of("openai", new ServerAddress("api.openai.com", 443),
            "bedrock", new ServerAddress("llm.internal", 8443)));
    List<SpanData> exported = exportNamedBy(types, SampleTraces.servedAfterSkippingTwoTargets());

    SpanData call = exported.stream().filter(s -> s.getName().startsWith("chat ")).findFirst().orElseThrow();
    SpanData attempt = exported.stream().filter(s -> s.getName().startsWith("attempt ")).findFirst().orElseThrow();
    for (Attributes served : List.of(call.getAttributes(), attempt.getAttributes())) {
      assertThat(served.get(AttributeKey.stringKey("server.address"))).isEqualTo("api.openai.com");
      assertThat(served.get(AttributeKey.longKey("server.port"))).isEqualTo(443L);
    }
    Attributes bedrock = call.getEvents().get(1).getAttributes();
    assertThat(bedrock.get(AttributeKey.stringKey("server.address"))).isEqualTo("llm.internal");
    assertThat(bedrock.get(AttributeKey.longKey("server.port"))).isEqualTo(8443L);
    assertThat(call.getEvents().getFirst().getAttributes().get(AttributeKey.stringKey("server.address")))
        .as("anthropic: no address known").isNull();
  }

  /** The spans of {@code trace} exported by an exporter that names providers by {@code types}. */
  private static List<SpanData> exportNamedBy(ProviderTypes types, TraceRecord trace) {
    InMemorySpanExporter collected = InMemorySpanExporter.create();
    try (OtlpTraceExporter named = new OtlpTraceExporter(collected, "test", Duration.ofSeconds(10),
        new SpanCounts(OtlpSettings.DEFAULT_TIMEOUT), types)) {
      named.accept(trace);
      named.flush();
      return List.copyOf(collected.getFinishedSpanItems()); // before the close, which empties the exporter
    }
  }

  @Test
  void aProviderWhoseTypeIsNotKnownStandsForItself() {
    assertThat(new ProviderTypes(java.util.Map.of("up", "openai")).of("local")).isEqualTo("local");
    assertThat(new ProviderTypes(java.util.Map.of("up", "openai")).of("up")).isEqualTo("openai");
  }

  @Test
  void acceptOnAClosedExporterNeitherThrowsNorExports() {
    exporter.close();

    assertThatCode(() -> exporter.accept(SampleTraces.servedAfterRetry())).doesNotThrowAnyException();
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }

  /** The call's span first, then its attempts in order. */
  private List<SpanData> exportOnly(TraceRecord trace) {
    return exportOnly(trace, exporter::accept);
  }

  /** As above, for a trace handed over as {@code handOver} does. */
  private List<SpanData> exportOnly(TraceRecord trace, Consumer<TraceRecord> handOver) {
    handOver.accept(trace);
    exporter.flush();
    // The SDK's batch processor completes a flush before it is ready for the next: a flush asked for just after the
    // one before may be answered by that one's result, before this trace's spans are sent. Ask again until they are.
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (spans.getFinishedSpanItems().size() < 1 + trace.attempts().size() && System.nanoTime() - until < 0) {
      exporter.flush();
    }
    List<SpanData> exported = new ArrayList<>(spans.getFinishedSpanItems());
    exported.sort(Comparator.comparing((SpanData s) -> s.getParentSpanContext().isValid())
        .thenComparing(s -> s.getAttributes().get(AttributeKey.longKey("apprentice.attempt.index")),
            Comparator.nullsFirst(Comparator.naturalOrder())));
    return exported;
  }
}
