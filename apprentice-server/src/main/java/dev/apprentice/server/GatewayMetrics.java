package dev.apprentice.server;

import dev.apprentice.gateway.Attempt;
import dev.apprentice.gateway.Call;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's Prometheus metrics: calls, upstream attempts, call latency, and the gateway's own overhead (the
 * time a call spends inside Apprentice, excluding upstream time), with sub-millisecond buckets.
 */
public final class GatewayMetrics {

  private static final Duration[] OVERHEAD_BUCKETS = {
      Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100)};

  private static final Duration[] LATENCY_BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** Meters by their tags: registering looks a meter up by sorted tags, too slow to repeat on every call. */
  private final Map<List<String>, Object> meters = new ConcurrentHashMap<>();

  /** Records a finished call: its status, latency, overhead, and each upstream attempt. */
  public void callFinished(String model, Call call, int status, long overheadNanos, boolean stream) {
    String provider = call == null || call.servedBy() == null ? "none" : call.servedBy().substring(0, call.servedBy().indexOf('/'));
    String mode = stream ? "stream" : "json";
    counter(List.of("requests", model, provider, String.valueOf(status), mode), () -> Counter.builder("apprentice.requests")
        .description("Model calls answered, by model, provider and HTTP status")
        .tags("model", model, "provider", provider, "status", String.valueOf(status), "mode", mode)).increment();
    if (call == null) return;
    timer(List.of("duration", model, provider, mode), () -> Timer.builder("apprentice.request.duration")
        .description("Whole call latency as the client saw it")
        .serviceLevelObjectives(LATENCY_BUCKETS).tags("model", model, "provider", provider, "mode", mode))
        .record(System.nanoTime() - call.startNanos(), TimeUnit.NANOSECONDS);
    timer(List.of("overhead", model, mode), () -> Timer.builder("apprentice.gateway.overhead")
        .description("Time spent inside the gateway, excluding upstream time")
        .serviceLevelObjectives(OVERHEAD_BUCKETS).tags("model", model, "mode", mode))
        .record(overheadNanos, TimeUnit.NANOSECONDS);
    for (Attempt attempt : call.attempts()) {
      String outcome = attempt.succeeded() ? "ok" : attempt.failure().name().toLowerCase();
      counter(List.of("attempts", attempt.target(), outcome), () -> Counter.builder("apprentice.upstream.attempts")
          .description("Upstream attempts by target and outcome")
          .tags("target", attempt.target(), "outcome", outcome)).increment();
    }
  }

  private Counter counter(List<String> key, Supplier<Counter.Builder> builder) {
    return (Counter) meters.computeIfAbsent(key, k -> builder.get().register(registry));
  }

  private Timer timer(List<String> key, Supplier<Timer.Builder> builder) {
    return (Timer) meters.computeIfAbsent(key, k -> builder.get().register(registry));
  }

  /** A stream that failed after it started: counted separately, the status was already sent. */
  public void streamFailed(String model, String reason) {
    counter(List.of("stream-failures", model, reason), () -> Counter.builder("apprentice.stream.failures")
        .description("Streams ended by an upstream failure after the first byte").tags("model", model, "reason", reason))
        .increment();
  }

  public String scrape() {
    return registry.scrape();
  }
}
