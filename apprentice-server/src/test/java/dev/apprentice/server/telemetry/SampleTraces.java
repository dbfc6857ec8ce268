package dev.apprentice.server.telemetry;

import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.Generation;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.api.trace.SkippedTarget;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.api.trace.TraceRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Trace records as the gateway writes them, for the telemetry tests. */
final class SampleTraces {

  static final Instant STARTED = Instant.parse("2026-03-01T12:00:00.123456789Z");

  private SampleTraces() {}

  /** A streamed call served by the second attempt after a rate-limited first one. */
  static TraceRecord servedAfterRetry() {
    return new TraceRecord("tr_0123456789abcdef01234567", STARTED, "acme", "key_1", "fast", "openai",
        "gpt-4o-mini", "gpt-4o-mini-2024-07-18", "fp_abc", true, 200, null, null,
        new Tokens(120, 56, 100, 10, 20), false, 0.000052, 1000.0, 350.5, 2.25, "miss", "u1",
        List.of("team-a", "batch"), Map.of("k", "v"), null, null,
        List.of(new AttemptRecord(0, "openai", "gpt-4o-mini", 100.0, "rate_limited", 429, "slow down"),
            new AttemptRecord(1, "openai", "gpt-4o-mini", 300.0, "ok", 200, null)));
  }

  /** A served call whose caller sent a W3C {@code traceparent}. */
  static TraceRecord servedInsideACallersTrace(String traceparent) {
    return new TraceRecord("tr_0123456789abcdef0123456a", STARTED, "acme", "key_1", "fast", "openai",
        "gpt-4o-mini", "gpt-4o-mini-2024-07-18", "fp_abc", false, 200, null, null,
        new Tokens(12, 5, 0, 0, 0), false, 0.00001, 100.0, null, 1.0, "miss", null, List.of(), Map.of(), null, null,
        List.of(new AttemptRecord(0, "openai", "gpt-4o-mini", 90.0, "ok", 200, null)),
        TraceDetails.NONE.withTraceparent(traceparent));
  }

  /** A served call made through {@code /v1/responses}. */
  static TraceRecord servedThroughResponses() {
    return new TraceRecord("tr_0123456789abcdef0123456c", STARTED, "acme", "key_1", "fast", "openai",
        "gpt-4o-mini", "gpt-4o-mini-2024-07-18", null, false, 200, null, null,
        new Tokens(12, 5, 0, 0, 0), false, 0.00001, 100.0, null, 1.0, "miss", null, List.of(), Map.of(), null, null,
        List.of(new AttemptRecord(0, "openai", "gpt-4o-mini", 90.0, "ok", 200, null)),
        TraceDetails.NONE.withApi(TraceDetails.RESPONSES));
  }

  /** A call served by its third target after passing over one with an open circuit and one that cannot serve it. */
  static TraceRecord servedAfterSkippingTwoTargets() {
    return new TraceRecord("tr_0123456789abcdef0123456b", STARTED, "acme", "key_1", "fast", "openai",
        "gpt-4o-mini", "gpt-4o-mini-2024-07-18", null, false, 200, null, null,
        new Tokens(12, 5, 0, 0, 0), false, 0.00001, 100.0, null, 1.0, "miss", null, List.of(), Map.of(), null, null,
        List.of(new AttemptRecord(0, "openai", "gpt-4o-mini", 90.0, "ok", 200, null)),
        TraceDetails.NONE.withSkipped(List.of(
            new SkippedTarget("anthropic", "claude-haiku", SkippedTarget.CIRCUIT_OPEN, null),
            new SkippedTarget("bedrock", "claude-sonnet", SkippedTarget.UNSUPPORTED, "n above 1 is not supported"))));
  }

  /** A call every target failed: the last provider answered 503. */
  static TraceRecord failed() {
    return new TraceRecord("tr_fedcba9876543210fedcba98", STARTED, "default", null, "fast", "anthropic",
        "claude-haiku", null, null, false, 502, "upstream_error", "upstream answered 503", Tokens.NONE, false, 0,
        40.0, null, 1.5, "miss", null, null, null, null, null,
        List.of(new AttemptRecord(0, "anthropic", "claude-haiku", 30.0, "server_error", 503, "overloaded")));
  }

  /**
   * A call whose only target failed on every try, as the gateway records it: no provider answered, so the call names
   * none, and its attempts name the target they asked.
   */
  static TraceRecord failedOnEveryTry() {
    return new TraceRecord("tr_fedcba9876543210fedcba99", STARTED, "default", null, "plain", null, null, null, null,
        false, 502, "upstream_error", "every target of model 'plain' failed", Tokens.NONE, false, 0, 400.0, null, 8.0,
        "miss", null, null, null, null, null,
        List.of(new AttemptRecord(0, "sim", "echo-model", 100.0, "server_error", 500, "simulated server error"),
            new AttemptRecord(1, "sim", "echo-model", 100.0, "server_error", 500, "simulated server error")));
  }

  /**
   * A served call whose request set every generation parameter the GenAI conventions name, and whose answer came in
   * two choices.
   */
  static TraceRecord servedWithGenerationParameters() {
    return servedWithGenerationParameters(List.of("END", "STOP"));
  }

  /** As above, with these stop sequences. */
  static TraceRecord servedWithGenerationParameters(List<String> stopSequences) {
    return new TraceRecord("tr_0123456789abcdef0123456e", STARTED, "acme", "key_1", "fast", "openai",
        "gpt-4o-mini", "gpt-4o-mini-2024-07-18", null, false, 200, null, null,
        new Tokens(12, 5, 0, 0, 0), false, 0.00001, 100.0, null, 1.0, "miss", null, List.of(), Map.of(), null, null,
        List.of(new AttemptRecord(0, "openai", "gpt-4o-mini", 90.0, "ok", 200, null)), TraceDetails.NONE,
        new Generation(0.2, 0.9, 64, 0.5, -0.5, stopSequences, 42L, 2, Generation.JSON, "chatcmpl-abc",
            List.of("stop", "length")));
  }

  /** A call whose input guard redacted an email address and let the rest pass, and whose answer passed. */
  static TraceRecord servedWithGuardVerdicts() {
    return new TraceRecord("tr_0123456789abcdef0123456d", STARTED, "acme", "key_1", "guarded", "openai",
        "gpt-4o-mini", "gpt-4o-mini-2024-07-18", null, false, 200, null, null,
        new Tokens(12, 5, 0, 0, 0), false, 0.00001, 100.0, null, 1.0, "miss", null, List.of(), Map.of(), null, null,
        List.of(new AttemptRecord(0, "openai", "gpt-4o-mini", 90.0, "ok", 200, null)),
        TraceDetails.NONE.withVerdicts(List.of(
            new GuardVerdict(GuardVerdict.INPUT, "pii", 1.0, "redact", Map.of("EMAIL_ADDRESS", 2, "PHONE_NUMBER", 1),
                2987),
            new GuardVerdict(GuardVerdict.OUTPUT, "pii", 0.0, GuardVerdict.PASS, Map.of(), 327))));
  }

  /** A call refused before any provider was asked. */
  static TraceRecord refusedBeforeAnyProvider() {
    return new TraceRecord("tr_000000000000000000000001", STARTED, "default", null, "no-such-model", null, null,
        null, null, false, 404, "model_not_found", "unknown model", Tokens.NONE, false, 0, 0.4, null, 0.4, null,
        null, null, null, null, null, null);
  }

  /**
   * A call whose first attempt timed out after its request was sent (booked for its prompt, counted locally) and whose
   * second answered: the call's tokens and cost are the sums of its attempts'.
   */
  static TraceRecord servedAfterAGivenUpAttempt() {
    return new TraceRecord("tr_000000000000000000000003", STARTED, "acme", "key_1", "fast", "anthropic",
        "claude-haiku", "claude-haiku", null, false, 200, null, null, new Tokens(30, 5, 0, 0, 0), true, 0.00004, 900.0,
        null, 1.0, "miss", null, List.of(), Map.of(), null, null,
        List.of(new AttemptRecord(0, "openai", "gpt-4o-mini", 600.0, "timeout", 0, "no answer", 18, 0, 0.000027, true),
            new AttemptRecord(1, "anthropic", "claude-haiku", 250.0, "ok", 200, null, 12, 5, 0.000013, false)));
  }

  /** An embeddings call whose one attempt was answered. */
  static TraceRecord embedded() {
    return new TraceRecord("tr_000000000000000000000004", STARTED, "acme", "key_1", "embed", "openai",
        "text-embedding-3-small", "text-embedding-3-small", null, false, 200, null, null, new Tokens(8, 0, 0, 0, 0),
        false, 0.00000016, 80.0, null, 1.0, null, null, List.of(), Map.of(), null, null,
        List.of(new AttemptRecord(0, "openai", "text-embedding-3-small", 70.0, "ok", 200, null, 8, 0, 0.00000016,
            false)),
        TraceDetails.embeddings(null, List.of()));
  }

  /** A call whose recorded attempts add up to more than its own latency. */
  static TraceRecord attemptsLongerThanTheCall() {
    return new TraceRecord("tr_000000000000000000000002", STARTED, "default", null, "fast", "openai", "gpt-4o-mini",
        "gpt-4o-mini", null, false, 200, null, null, new Tokens(1, 1, 0, 0, 0), true, 0, 50.0, null, 1.0, "miss",
        null, null, null, null, null,
        List.of(new AttemptRecord(0, "openai", "gpt-4o-mini", 40.0, "timeout", 0, "timed out"),
            new AttemptRecord(1, "openai", "gpt-4o-mini", 40.0, "ok", 200, null)));
  }

  /**
   * A call that spent 50 ms before its first attempt (retrieval, a guardrail), whose first attempt was rate limited
   * after 100 ms, and whose second began after a 400 ms wait and answered in 300 ms, each attempt's start recorded.
   */
  static TraceRecord servedAfterAWaitedRetry() {
    return new TraceRecord("tr_000000000000000000000003", STARTED, "acme", "key_1", "fast", "openai",
        "gpt-4o-mini", "gpt-4o-mini", null, false, 200, null, null, new Tokens(12, 5, 0, 0, 0), false, 0.00001,
        1000.0, null, 1.0, "miss", null, List.of(), Map.of(), null, null,
        List.of(new AttemptRecord(0, "openai", "gpt-4o-mini", 100.0, "rate_limited", 429, "slow down", 0, 0, 0,
                false, 50.0),
            new AttemptRecord(1, "openai", "gpt-4o-mini", 300.0, "ok", 200, null, 12, 5, 0.00001, false, 550.0)));
  }

  /** A call made through {@code /v1/responses} whose answer was made from the chat completion {@code chatcmpl-xyz}. */
  static TraceRecord answeredThroughResponses() {
    return answeredThroughResponses("chatcmpl-xyz");
  }

  /** As {@link #answeredThroughResponses()}, made from a chat completion whose id is {@code completionId} (null: none). */
  static TraceRecord answeredThroughResponses(String completionId) {
    return new TraceRecord("tr_0123456789abcdef0123456f", STARTED, "acme", "key_1", "fast", "openai",
        "gpt-4o-mini", "gpt-4o-mini-2024-07-18", null, false, 200, null, null,
        new Tokens(12, 5, 0, 0, 0), false, 0.00001, 100.0, null, 1.0, "miss", null, List.of(), Map.of(), null, null,
        List.of(new AttemptRecord(0, "openai", "gpt-4o-mini", 90.0, "ok", 200, null)),
        TraceDetails.NONE.withApi(TraceDetails.RESPONSES),
        new Generation(null, null, null, null, null, List.of(), null, null, null, completionId, List.of("stop")));
  }
}
