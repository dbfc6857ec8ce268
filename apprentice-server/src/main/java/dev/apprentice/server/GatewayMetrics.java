package dev.apprentice.server;

import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.api.trace.MetricLabels;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.api.trace.TraceSink;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.store.AsyncTraceWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The gateway's Prometheus metrics, fed by every finished call's trace: calls by wire API, model, provider, tenant and
 * status; tokens and cost; call latency and the gateway's own overhead (sub-millisecond buckets); upstream attempts;
 * guardrail verdicts and scanner time; and the trace writer's queue depth, writes and drops. Requests refused before
 * they became a call count as model {@code none}. Every meter counted per call and labelled by its model is labelled by
 * the wire API it came through too ({@code api}: {@code chat_completions}, {@code responses} or {@code embeddings}), so
 * that latency, spend or errors split by API as calls do; the semantic cache's lookup timeouts, a health signal of the
 * local embedding model counted before the call ends, are by model only. Cache lookups are counted as the cache makes
 * them ({@link #cacheLookedUp}), so that they agree with the cache's own counts ({@code /admin/cache}).
 */
public final class GatewayMetrics implements TraceSink {

  private static final Duration[] OVERHEAD_BUCKETS = {
      Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100)};

  /**
   * A scanner's time over one call: sub-millisecond for the pattern scanners, up to seconds for the injection detector
   * embedding a long call's new text.
   */
  private static final Duration[] GUARD_SCAN_BUCKETS = {
      Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};

  private static final Duration[] LATENCY_BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

  /** What is left of a call's cost past its attempts' below this is the rounding of their sum, not spend. */
  private static final double UNBOOKED_USD = 1e-12;

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** Meters by their tags: registering looks a meter up by sorted tags, too slow to repeat on every call. */
  private final Map<List<String>, Object> meters = new ConcurrentHashMap<>();
  /**
   * The suppliers behind function counters. Micrometer holds a function meter's object weakly; a lambda nothing else
   * holds is collected at the next GC and its counter then repeats its last value for ever.
   */
  private final List<Object> held = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Records a finished call from its trace. Its {@code provider} label is the provider that answered; {@code cache}
   * for a call the response cache answered, which asked no provider (its trace names the target that produced the
   * cached answer, as {@code x-apprentice-served-by} does), so that a provider's calls and latency are its own;
   * {@code none} when neither answered.
   */
  @Override
  public void accept(TraceRecord t) {
    String provider = t.cacheHit() ? MetricLabels.CACHE : t.provider() == null ? MetricLabels.NONE : t.provider();
    String mode = t.stream() ? "stream" : "json";
    String status = String.valueOf(t.status());
    String api = t.details().wireApi();
    requests(api, t.model(), provider, t.tenant(), status, mode);
    if (t.errorCode() != null) errors(api, t.model(), provider, t.tenant(), t.errorCode());
    timer(List.of("duration", api, t.model(), provider, mode), () -> Timer.builder("apprentice.request.duration")
        .description("Whole call latency as the client saw it").serviceLevelObjectives(LATENCY_BUCKETS)
        .tags("api", api, "model", t.model(), "provider", provider, "mode", mode))
        .record((long) (t.latencyMs() * 1_000_000), TimeUnit.NANOSECONDS);
    timer(List.of("overhead", api, t.model(), mode), () -> Timer.builder("apprentice.gateway.overhead")
        .description("Time spent inside the gateway, excluding upstream time")
        .serviceLevelObjectives(OVERHEAD_BUCKETS).tags("api", api, "model", t.model(), "mode", mode))
        .record((long) (t.overheadMs() * 1_000_000), TimeUnit.NANOSECONDS);
    tokens(t, api, provider);
    cache(t, api);
    guard(t, api);
    for (AttemptRecord attempt : t.attempts()) {
      String target = attempt.provider() + "/" + attempt.upstreamModel();
      counter(List.of("attempts", target, attempt.outcome()), () -> Counter.builder("apprentice.upstream.attempts")
          .description("Upstream attempts by target and outcome")
          .tags("target", target, "outcome", attempt.outcome())).increment();
    }
  }

  /**
   * The call's tokens, under the provider of each attempt booked for some, as its spend is ({@link #cost}): an attempt
   * given up after its request was sent is its own target's prompt, not the fallback's nor, when no target answered,
   * provider {@code none}'s. What no attempt carries (a trace written before attempts carried their tokens) is the
   * call's provider's. The cached input and the reasoning are the answer's: the last attempt booked for tokens.
   */
  private void tokens(TraceRecord t, String api, String provider) {
    Tokens tokens = t.tokens();
    List<AttemptRecord> attempts = t.attempts();
    int answering = attempts.size() - 1;
    while (answering >= 0 && !bookedForTokens(attempts.get(answering))) answering--;
    long input = 0;
    long output = 0;
    for (int i = 0; i <= answering; i++) {
      AttemptRecord attempt = attempts.get(i);
      long in = Math.max(0, attempt.inputTokens());
      long out = Math.max(0, attempt.outputTokens());
      input += in;
      output += out;
      tokenCount(t, api, attempt.provider(), "input", i == answering ? in - tokens.cachedInput() : in);
      tokenCount(t, api, attempt.provider(), "output", out);
    }
    long unbooked = Math.max(0, tokens.input() - input);
    tokenCount(t, api, provider, "input", answering < 0 ? unbooked - tokens.cachedInput() : unbooked);
    tokenCount(t, api, provider, "output", tokens.output() - output);
    String answerer = answering < 0 ? provider : attempts.get(answering).provider();
    tokenCount(t, api, answerer, "cached_input", tokens.cachedInput());
    tokenCount(t, api, answerer, "reasoning", tokens.reasoning());
    cost(t, api, provider);
  }

  private static boolean bookedForTokens(AttemptRecord attempt) {
    return attempt.inputTokens() > 0 || attempt.outputTokens() > 0;
  }

  /**
   * The call's spend, under the provider of each attempt booked at something (an attempt given up after its request
   * was sent is its own target's spend, not the fallback's); what no attempt carries (a trace written before attempts
   * carried their cost) under the call's provider. What was counted locally is also counted on its own.
   */
  private void cost(TraceRecord t, String api, String provider) {
    double booked = 0;
    for (AttemptRecord attempt : t.attempts()) {
      if (attempt.costUsd() <= 0) continue;
      booked += attempt.costUsd();
      spend(t, api, attempt.provider(), attempt.costUsd());
      if (attempt.costEstimated()) {
        counter(List.of("cost-estimated", api, t.model(), attempt.provider(), t.tenant()), () -> Counter.builder(
            "apprentice.cost.estimated").baseUnit("usd").description("The part of apprentice_cost_usd_total counted "
                + "locally: attempts given up after their request was sent, answers without usage, cut streams")
            .tags("api", api, "model", t.model(), "provider", attempt.provider(), "tenant", t.tenant()))
            .increment(attempt.costUsd());
      }
    }
    double rest = t.costUsd() - booked;
    if (rest > UNBOOKED_USD) spend(t, api, provider, rest);
  }

  private void spend(TraceRecord t, String api, String provider, double usd) {
    counter(List.of("cost", api, t.model(), provider, t.tenant()), () -> Counter.builder("apprentice.cost")
        .baseUnit("usd").description("Spend in USD by wire API, model, provider and tenant")
        .tags("api", api, "model", t.model(), "provider", provider, "tenant", t.tenant())).increment(usd);
  }

  /**
   * A lookup a call of {@code model} made of the response cache, by what it came to: {@code exact}, {@code semantic}
   * or {@code miss}, as the cache counts it in its stats. Calls the cache was not asked about (no cache, {@code
   * Cache-Control: no-cache} or {@code no-store}, a request whose answer is not meant to repeat) are not counted.
   */
  public void cacheLookedUp(String api, String model, String tenant, String result) {
    counter(List.of("cache", api, model, tenant, result), () -> Counter.builder("apprentice.cache.lookups")
        .description("Response cache lookups by result: exact or semantic hit, or miss (calls that bypass the cache "
            + "are not counted)")
        .tags("api", api, "model", model, "tenant", tenant, "result", result)).increment();
  }

  /** Savings of cache hits, and the calls a semantic cache's meaning tier was left out of, by why. */
  private void cache(TraceRecord t, String api) {
    if (t.details().costSavedUsd() > 0) {
      counter(List.of("cache-saved", api, t.model(), t.tenant()), () -> Counter.builder("apprentice.cache.saved")
          .baseUnit("usd").description("What cached answers would have cost, by wire API, model and tenant")
          .tags("api", api, "model", t.model(), "tenant", t.tenant())).increment(t.details().costSavedUsd());
    }
    String skipped = t.details().semanticSkipped();
    if (skipped != null) {
      counter(List.of("cache-semantic-skipped", api, t.model(), t.tenant(), skipped), () -> Counter.builder(
          "apprentice.cache.semantic.skipped").description("Calls a semantic cache's meaning tier neither answered nor "
              + "kept by meaning, by why: a private value in the prompt or the answer")
          .tags("api", api, "model", t.model(), "tenant", t.tenant(), "reason", skipped)).increment();
    }
  }

  /** Guardrail verdicts by wire API, model, direction, scanner and action, and the time each scanner took. */
  private void guard(TraceRecord t, String api) {
    for (GuardVerdict v : t.details().verdicts()) {
      counter(List.of("guard", api, t.model(), v.direction(), v.scanner(), v.action()), () -> Counter.builder(
          "apprentice.guard.verdicts").description("Guardrail verdicts by model, direction, scanner and action")
          .tags("api", api, "model", t.model(), "direction", v.direction(), "scanner", v.scanner(),
              "action", v.action()))
          .increment();
      timer(List.of("guard-time", v.direction(), v.scanner()), () -> Timer.builder("apprentice.guard.scan.duration")
          .description("Time a guardrail scanner took over one call's texts")
          .serviceLevelObjectives(GUARD_SCAN_BUCKETS).tags("direction", v.direction(), "scanner", v.scanner()))
          .record(v.micros(), TimeUnit.MICROSECONDS);
    }
  }

  private void tokenCount(TraceRecord t, String api, String provider, String type, long count) {
    if (count <= 0) return;
    counter(List.of("tokens", api, t.model(), provider, t.tenant(), type), () -> Counter.builder("apprentice.tokens")
        .description("Tokens by wire API, model, provider of the attempt booked for them, tenant and type (input "
            + "excludes cached input; output includes reasoning)")
        .tags("api", api, "model", t.model(), "provider", provider, "tenant", t.tenant(), "type", type))
        .increment(count);
  }

  /**
   * A request refused before it became a call (bad JSON, unknown model, missing key, client gone): counted as a
   * request and as an error with its code, under model, provider and tenant {@code none}, and the wire API it came
   * through ({@code api}: {@code chat_completions}, {@code responses} or {@code embeddings}).
   */
  public void rejected(String api, int status, String code) {
    requests(api, MetricLabels.NONE, MetricLabels.NONE, MetricLabels.NONE, String.valueOf(status), "json");
    errors(api, MetricLabels.NONE, MetricLabels.NONE, MetricLabels.NONE, code);
  }

  private void errors(String api, String model, String provider, String tenant, String code) {
    counter(List.of("errors", api, model, provider, tenant, code), () -> Counter.builder("apprentice.errors")
        .description("Calls that ended with an error (including errors after a stream started), by error code")
        .tags("api", api, "model", model, "provider", provider, "tenant", tenant, "code", code)).increment();
  }

  private void requests(String api, String model, String provider, String tenant, String status, String mode) {
    counter(List.of("requests", api, model, provider, tenant, status, mode), () -> Counter.builder(
        "apprentice.requests").description("Model calls answered, by wire API, model, provider, tenant and HTTP status")
        .tags("api", api, "model", model, "provider", provider, "tenant", tenant, "status", status, "mode", mode))
        .increment();
  }

  /**
   * A stream broken after it started (the upstream failed, a defect, the client left): counted separately, the status
   * was already sent. A guardrail's block of a streamed answer is no breakage: the trace counts it, in the errors and
   * the guard verdicts, like a block of any other call.
   *
   * @param reason the error table's code, as the call's error event and {@code apprentice_errors_total} carry it:
   *               {@code upstream_error}, {@code upstream_overloaded}, {@code upstream_rate_limited}, {@code upstream_timeout} (as
   *               {@link dev.apprentice.gateway.StreamBreak} names an upstream's break), {@code shutting_down} (a stream the
   *               server's shutdown cut short), {@code internal_error} or
   *               {@code client_disconnected}
   */
  public void streamFailed(String api, String model, String reason) {
    counter(List.of("stream-failures", api, model, reason), () -> Counter.builder("apprentice.stream.failures")
        .description("Streams broken after the first byte: by the upstream, a defect or the client leaving")
        .tags("api", api, "model", model, "reason", reason)).increment();
  }

  /**
   * A call of {@code model} whose semantic cache lookup could not embed its prompt within its share of the call's time
   * (a long queue at the local embedding model): it went on as a miss, which {@code apprentice_cache_lookups_total}
   * counts as any other.
   */
  public void cacheLookupTimedOut(String model) {
    counter(List.of("cache-lookup-timeouts", model), () -> Counter.builder("apprentice.cache.lookup.timeouts")
        .description("Semantic cache lookups that could not embed their prompt in time and went on as misses")
        .tags("model", model)).increment();
  }

  /**
   * A whole non-streamed call's time inside the gateway, measured after its answer was written: the overhead above
   * plus building the trace and writing the answer (what the client waits for beyond the upstream).
   */
  public void answered(String api, String model, long overheadNanos) {
    timer(List.of("answered", api, model), () -> Timer.builder("apprentice.gateway.answered.overhead")
        .description("Time inside the gateway for a whole non-streamed call, excluding upstream time, measured after "
            + "its trace was built and its answer written")
        .serviceLevelObjectives(OVERHEAD_BUCKETS).tags("api", api, "model", model, "mode", "json"))
        .record(overheadNanos, TimeUnit.NANOSECONDS);
  }

  /** Exposes the trace writer's queue depth, writes and drops. */
  public void bindWriter(AsyncTraceWriter writer) {
    Gauge.builder("apprentice.traces.queue.depth", writer, AsyncTraceWriter::queueDepth)
        .description("Finished traces waiting for the writer").register(registry);
    Gauge.builder("apprentice.traces.queue.bytes", writer, AsyncTraceWriter::queuedBytes)
        .description("Estimated bytes the waiting traces hold (bounded by traces.queue_max_mb)").register(registry);
    FunctionCounter.builder("apprentice.traces.written", writer, AsyncTraceWriter::written)
        .description("Traces written to the store").register(registry);
    FunctionCounter.builder("apprentice.traces.dropped", writer, AsyncTraceWriter::dropped)
        .description("Traces dropped: the queue stayed full past traces.full_queue_wait_ms, or the store failed")
        .register(registry);
    FunctionCounter.builder("apprentice.traces.waits", writer, AsyncTraceWriter::waited)
        .description("Calls that found the trace queue full and waited for the writer (backpressure)")
        .register(registry);
  }

  /**
   * Calls shed since start, by {@code reason}: {@code max_concurrent_calls} were being served, or their bodies did not
   * fit beside those of the calls in flight ({@code max_inflight_body_mb}); and the bytes those bodies hold now.
   */
  public void bindAdmission(LongSupplier shed, LongSupplier shedForBodies, LongSupplier bodyBytesHeld) {
    String description = "Calls answered 503 overloaded: server.max_concurrent_calls were being served, or the body did"
        + " not fit server.max_inflight_body_mb beside those of the calls in flight";
    countFrom("apprentice.calls.shed", description, shed, "reason", "max_concurrent_calls");
    countFrom("apprentice.calls.shed", description, shedForBodies, "reason", "max_inflight_body_mb");
    held.add(bodyBytesHeld); // Micrometer holds a gauge's object weakly
    Gauge.builder("apprentice.inflight.body.bytes", bodyBytesHeld, LongSupplier::getAsLong)
        .description("Bytes of request bodies the model calls in flight hold (bounded by server.max_inflight_body_mb)")
        .baseUnit("bytes").register(registry);
  }

  /** Requests refused before a key was accepted whose trace was left out by the rate bound since start. */
  public void bindUnauthenticatedSkipped(LongSupplier skipped) {
    countFrom("apprentice.unauthenticated.traces.skipped",
        "Requests refused before a key was accepted (401) that were counted but not traced: past the rate at which "
            + "such refusals are traced", skipped);
  }

  /** Retries the retry budget refused since start (those calls failed over instead). */
  public void bindRetryBudget(LongSupplier refused) {
    countFrom("apprentice.retries.refused",
        "Retries refused by retry_budget: the call failed over to its next target instead", refused);
  }

  /** The traces deleted past {@code traces.retention_days} since start. */
  public void bindRetention(LongSupplier deleted) {
    countFrom("apprentice.traces.deleted", "Traces deleted because they were older than traces.retention_days",
        deleted);
  }

  /**
   * The OTLP exporter's spans: exported, and dropped because the queue to a slow or absent collector was full
   * ({@code reason="queue_full"}) or because the collector did not take them ({@code reason="export_failed"}).
   */
  public void bindOtlp(LongSupplier exported, LongSupplier queueFull, LongSupplier failed) {
    countFrom("apprentice.otlp.spans.exported", "Spans the OTLP collector took", exported);
    String dropped = "Spans not exported: the queue to a slow or unreachable collector was full (queue_full), or the "
        + "collector failed, refused or did not answer an export in time (export_failed)";
    countFrom("apprentice.otlp.spans.dropped", dropped, queueFull, "reason", "queue_full");
    countFrom("apprentice.otlp.spans.dropped", dropped, failed, "reason", "export_failed");
  }

  /** A counter that reads {@code count}, which is held here: Micrometer alone would hold it weakly. */
  private void countFrom(String name, String description, LongSupplier count, String... tags) {
    held.add(count);
    FunctionCounter.builder(name, count, LongSupplier::getAsLong).description(description).tags(tags)
        .register(registry);
  }

  private Counter counter(List<String> key, Supplier<Counter.Builder> builder) {
    return (Counter) meters.computeIfAbsent(key, k -> builder.get().register(registry));
  }

  private Timer timer(List<String> key, Supplier<Timer.Builder> builder) {
    return (Timer) meters.computeIfAbsent(key, k -> builder.get().register(registry));
  }

  public String scrape() {
    return registry.scrape();
  }
}
