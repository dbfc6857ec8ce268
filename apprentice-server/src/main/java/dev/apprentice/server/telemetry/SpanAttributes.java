package dev.apprentice.server.telemetry;

import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.Generation;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.api.trace.SkippedTarget;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.server.responses.ResponseIds;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.List;

/**
 * The attributes of the spans a {@link TraceRecord} becomes: OpenTelemetry GenAI semantic conventions for what they
 * cover, {@code apprentice.*} for the gateway's own facts.
 */
final class SpanAttributes {

  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<Long> CACHE_READ_TOKENS = AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
  static final AttributeKey<Long> CACHE_WRITE_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");
  static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
  static final AttributeKey<Double> TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
  static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
  static final AttributeKey<Double> FREQUENCY_PENALTY = AttributeKey.doubleKey("gen_ai.request.frequency_penalty");
  static final AttributeKey<Double> PRESENCE_PENALTY = AttributeKey.doubleKey("gen_ai.request.presence_penalty");
  static final AttributeKey<List<String>> STOP_SEQUENCES = AttributeKey.stringArrayKey("gen_ai.request.stop_sequences");
  /** The most stop sequences a span carries (OpenAI takes 4; the gateway passes on as many as a request sends). */
  static final int MAX_STOP_SEQUENCES = 16;
  /** The most characters of one stop sequence a span carries. */
  static final int STOP_SEQUENCE_CHARS = 256;
  static final AttributeKey<Long> SEED = AttributeKey.longKey("gen_ai.request.seed");
  static final AttributeKey<Long> CHOICE_COUNT = AttributeKey.longKey("gen_ai.request.choice.count");
  static final AttributeKey<String> OUTPUT_TYPE = AttributeKey.stringKey("gen_ai.output.type");
  static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
  static final AttributeKey<List<String>> FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

  static final AttributeKey<String> TRACE_ID = AttributeKey.stringKey("apprentice.trace_id");
  static final AttributeKey<String> MODEL_ALIAS = AttributeKey.stringKey("apprentice.model");
  /** The provider's name in the config ({@code gen_ai.provider.name} is its type, e.g. {@code openai}). */
  static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("apprentice.provider");
  static final AttributeKey<String> TENANT = AttributeKey.stringKey("apprentice.tenant");
  /** The wire API the call came through: {@code chat_completions}, {@code responses} or {@code embeddings}. */
  static final AttributeKey<String> API = AttributeKey.stringKey("apprentice.api");
  static final AttributeKey<String> KEY_ID = AttributeKey.stringKey("apprentice.key_id");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("apprentice.status_code");
  static final AttributeKey<Boolean> STREAM = AttributeKey.booleanKey("apprentice.stream");
  static final AttributeKey<Double> COST_USD = AttributeKey.doubleKey("apprentice.cost_usd");
  static final AttributeKey<Boolean> USAGE_ESTIMATED = AttributeKey.booleanKey("apprentice.usage_estimated");
  static final AttributeKey<Long> REASONING_TOKENS = AttributeKey.longKey("apprentice.usage.reasoning_tokens");
  static final AttributeKey<String> CACHE = AttributeKey.stringKey("apprentice.cache");
  static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("apprentice.attempts");
  static final AttributeKey<Double> OVERHEAD_MS = AttributeKey.doubleKey("apprentice.overhead_ms");
  static final AttributeKey<Double> TTFT_MS = AttributeKey.doubleKey("apprentice.ttft_ms");
  static final AttributeKey<String> SYSTEM_FINGERPRINT = AttributeKey.stringKey("apprentice.system_fingerprint");
  static final AttributeKey<List<String>> TAGS = AttributeKey.stringArrayKey("apprentice.tags");
  static final AttributeKey<Long> ATTEMPT_INDEX = AttributeKey.longKey("apprentice.attempt.index");
  static final AttributeKey<String> ATTEMPT_OUTCOME = AttributeKey.stringKey("apprentice.attempt.outcome");

  static final AttributeKey<String> SKIP_REASON = AttributeKey.stringKey("apprentice.skip.reason");
  static final AttributeKey<String> SKIP_MESSAGE = AttributeKey.stringKey("apprentice.skip.message");

  static final AttributeKey<String> GUARD_DIRECTION = AttributeKey.stringKey("apprentice.guard.direction");
  static final AttributeKey<String> GUARD_SCANNER = AttributeKey.stringKey("apprentice.guard.scanner");
  static final AttributeKey<String> GUARD_ACTION = AttributeKey.stringKey("apprentice.guard.action");
  static final AttributeKey<Double> GUARD_SCORE = AttributeKey.doubleKey("apprentice.guard.score");
  static final AttributeKey<List<String>> GUARD_FINDINGS = AttributeKey.stringArrayKey("apprentice.guard.findings");
  static final AttributeKey<Long> GUARD_FINDING_COUNT = AttributeKey.longKey("apprentice.guard.finding_count");
  static final AttributeKey<Long> GUARD_MICROS = AttributeKey.longKey("apprentice.guard.micros");

  static final String CHAT = "chat";
  /** The event on a call's span for a target passed over without a request: it happened, but took no time. */
  static final String TARGET_SKIPPED = "apprentice.target.skipped";
  /** The event on a call's span for each guardrail scanner that ran, as the trace keeps its verdict. */
  static final String GUARD_VERDICT = "apprentice.guard.verdict";

  private SpanAttributes() {}

  /** The GenAI operation: {@code chat}, or {@code embeddings} for a {@code /v1/embeddings} call. */
  static String operation(TraceRecord trace) {
    return trace.details().isEmbeddings() ? dev.apprentice.api.trace.TraceDetails.EMBEDDINGS : CHAT;
  }

  /**
   * The model the gateway asked a provider for: the one that answered (on a cache hit, the one that made the cached
   * answer), else the one its last attempt asked when no target answered, so that a model's failed calls are named as
   * its served ones are; the client's alias when no provider was asked.
   */
  static String requestModel(TraceRecord trace) {
    if (trace.upstreamModel() != null) return trace.upstreamModel();
    AttemptRecord last = lastAttempt(trace);
    return last != null && last.upstreamModel() != null ? last.upstreamModel() : trace.model();
  }

  /** The provider that answered, else the one the last attempt asked; null when none was asked. */
  static String provider(TraceRecord trace) {
    if (trace.provider() != null) return trace.provider();
    AttemptRecord last = lastAttempt(trace);
    return last == null ? null : last.provider();
  }

  private static AttemptRecord lastAttempt(TraceRecord trace) {
    return trace.attempts().isEmpty() ? null : trace.attempts().getLast();
  }

  static Attributes ofCall(TraceRecord trace, ProviderTypes types) {
    AttributesBuilder b = Attributes.builder()
        .put(OPERATION, operation(trace))
        .put(REQUEST_MODEL, requestModel(trace))
        .put(INPUT_TOKENS, trace.tokens().input())
        .put(OUTPUT_TOKENS, trace.tokens().output())
        .put(CACHE_READ_TOKENS, trace.tokens().cachedInput())
        .put(CACHE_WRITE_TOKENS, trace.tokens().cacheWrite())
        .put(TRACE_ID, trace.id())
        .put(MODEL_ALIAS, trace.model())
        .put(API, trace.details().wireApi())
        .put(TENANT, trace.tenant())
        .put(STATUS, trace.status())
        .put(STREAM, trace.stream())
        .put(COST_USD, trace.costUsd())
        .put(USAGE_ESTIMATED, trace.usageEstimated())
        .put(REASONING_TOKENS, trace.tokens().reasoning())
        .put(ATTEMPTS, trace.attempts().size())
        .put(OVERHEAD_MS, trace.overheadMs());
    putProvider(b, provider(trace), types);
    putIfPresent(b, RESPONSE_MODEL, trace.responseModel());
    putIfPresent(b, KEY_ID, trace.keyId());
    putIfPresent(b, CACHE, trace.cache());
    putIfPresent(b, SYSTEM_FINGERPRINT, trace.systemFingerprint());
    if (trace.generation() != null) putGeneration(b, trace.generation(), responseId(trace));
    if (trace.ttftMs() != null) b.put(TTFT_MS, trace.ttftMs());
    if (!trace.tags().isEmpty()) b.put(TAGS, trace.tags());
    if (!trace.succeeded()) putIfPresent(b, ERROR_TYPE, trace.errorCode() != null ? trace.errorCode() : "_OTHER");
    return b.build();
  }

  /**
   * An attempt's span: under the call's operation, with what the attempt is booked at in the call span's keys (its
   * tokens, its cost, and whether they were counted locally), so that the call's are the sums of its attempts'.
   */
  static Attributes ofAttempt(TraceRecord trace, AttemptRecord attempt, ProviderTypes types) {
    AttributesBuilder b = Attributes.builder()
        .put(OPERATION, operation(trace))
        .put(ATTEMPT_INDEX, attempt.index())
        .put(INPUT_TOKENS, attempt.inputTokens())
        .put(OUTPUT_TOKENS, attempt.outputTokens())
        .put(COST_USD, attempt.costUsd())
        .put(USAGE_ESTIMATED, attempt.costEstimated());
    putProvider(b, attempt.provider(), types);
    putIfPresent(b, REQUEST_MODEL, attempt.upstreamModel());
    putIfPresent(b, ATTEMPT_OUTCOME, attempt.outcome());
    if (attempt.httpStatus() > 0) b.put(HTTP_STATUS, attempt.httpStatus());
    if (!attempt.succeeded()) putIfPresent(b, ERROR_TYPE, attempt.outcome() != null ? attempt.outcome() : "_OTHER");
    return b.build();
  }

  /** The same provider and model keys as an attempt's span, so a backend can match the two. */
  static Attributes ofSkipped(SkippedTarget skipped, ProviderTypes types) {
    AttributesBuilder b = Attributes.builder();
    putProvider(b, skipped.provider(), types);
    putIfPresent(b, REQUEST_MODEL, skipped.upstreamModel());
    putIfPresent(b, SKIP_REASON, skipped.reason());
    putIfPresent(b, SKIP_MESSAGE, skipped.message());
    return b.build();
  }

  /**
   * A scanner's verdict as the trace keeps it: never the values it found, only their types and how many.
   */
  static Attributes ofVerdict(GuardVerdict verdict) {
    return Attributes.builder()
        .put(GUARD_DIRECTION, verdict.direction())
        .put(GUARD_SCANNER, verdict.scanner())
        .put(GUARD_ACTION, verdict.action())
        .put(GUARD_SCORE, verdict.score())
        .put(GUARD_FINDINGS, List.copyOf(verdict.findings().keySet()))
        .put(GUARD_FINDING_COUNT, verdict.findingCount())
        .put(GUARD_MICROS, verdict.micros())
        .build();
  }

  /**
   * The GenAI conventions' provider, which names the API flavour ({@code openai} for any OpenAI-compatible server),
   * the configured provider it went to, which tells two of one type apart, and where that one's API answers.
   */
  private static void putProvider(AttributesBuilder b, String provider, ProviderTypes types) {
    if (provider == null) return;
    b.put(PROVIDER, types.of(provider));
    b.put(PROVIDER_NAME, provider);
    ServerAddress server = types.server(provider);
    if (server != null) b.put(SERVER_ADDRESS, server.host()).put(SERVER_PORT, server.port());
  }

  /**
   * The id of the answer the client saw: a Responses call's is its own ({@code resp_} and the trace id's digits,
   * {@link ResponseIds#response}), not that of the chat completion the gateway made it from, and given whether or not
   * that completion had an id of its own (an OpenAI-compatible server may send none); null when there was no answer.
   */
  private static String responseId(TraceRecord trace) {
    String id = trace.generation().responseId();
    if (!TraceDetails.RESPONSES.equals(trace.details().wireApi())) return id;
    return id != null || trace.succeeded() ? ResponseIds.response(trace.id()) : null;
  }

  /**
   * The request's generation parameters that it set (a seed only when it sent one, a choice count only when not one, an
   * output type only when it named a format), the answer's id as the client saw it ({@code responseId}) and its finish
   * reasons.
   */
  private static void putGeneration(AttributesBuilder b, Generation g, String responseId) {
    putIfPresent(b, TEMPERATURE, g.temperature());
    putIfPresent(b, TOP_P, g.topP());
    if (g.maxTokens() != null) b.put(MAX_TOKENS, g.maxTokens());
    putIfPresent(b, FREQUENCY_PENALTY, g.frequencyPenalty());
    putIfPresent(b, PRESENCE_PENALTY, g.presencePenalty());
    if (!g.stopSequences().isEmpty()) b.put(STOP_SEQUENCES, bounded(g.stopSequences()));
    putIfPresent(b, SEED, g.seed());
    if (g.choiceCount() != null) b.put(CHOICE_COUNT, g.choiceCount());
    putIfPresent(b, OUTPUT_TYPE, g.outputType());
    putIfPresent(b, RESPONSE_ID, responseId);
    if (!g.finishReasons().isEmpty()) b.put(FINISH_REASONS, g.finishReasons());
  }

  /**
   * The first {@link #MAX_STOP_SEQUENCES} stop sequences, each cut to {@link #STOP_SEQUENCE_CHARS} characters (never
   * inside a character outside the BMP): a request may send as many, as long, as its body holds, and a span has no
   * room for them.
   */
  private static List<String> bounded(List<String> stops) {
    return stops.stream().limit(MAX_STOP_SEQUENCES).map(SpanAttributes::cut).toList();
  }

  private static String cut(String stop) {
    if (stop.length() <= STOP_SEQUENCE_CHARS) return stop;
    int end = Character.isHighSurrogate(stop.charAt(STOP_SEQUENCE_CHARS - 1)) ? STOP_SEQUENCE_CHARS - 1 : STOP_SEQUENCE_CHARS;
    return stop.substring(0, end);
  }

  private static <T> void putIfPresent(AttributesBuilder b, AttributeKey<T> key, T value) {
    if (value != null) b.put(key, value);
  }
}
