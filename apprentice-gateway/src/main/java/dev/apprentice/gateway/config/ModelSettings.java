package dev.apprentice.gateway.config;

import dev.apprentice.gateway.accounting.Capture;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One model alias under {@code models:}: its routing strategy and targets, optional price override, per-target
 * retries and the deadlines of a call and of each try, its cache, retrieval and guardrail blocks. {@code price},
 * {@code rag} and {@code attemptTimeout} (unset: the default share of the call's time) may be null.
 */
public record ModelSettings(String name, Strategy strategy, List<TargetSettings> targets, PriceSettings price,
    int retries, Duration timeout, Duration ttftTimeout, Duration retryBackoff, BreakerSettings circuitBreaker, Capture capture,
    CacheSettings cache, RagSettings rag, GuardSettings guard, Duration attemptTimeout) {

  public ModelSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(ttftTimeout, "ttftTimeout");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    Objects.requireNonNull(circuitBreaker, "circuitBreaker");
    Objects.requireNonNull(capture, "capture");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(guard, "guard");
    targets = List.copyOf(targets);
  }
}
