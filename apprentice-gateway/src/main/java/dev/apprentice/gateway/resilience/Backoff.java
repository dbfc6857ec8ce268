package dev.apprentice.gateway.resilience;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the n-th retry waits a random time between half and all of
 * {@code base * 2^n}, capped; a Retry-After from the upstream raises the wait to at least what it asked.
 */
public final class Backoff {

  private final Duration cap;
  private final Supplier<RandomGenerator> random;

  public Backoff(Duration cap, Supplier<RandomGenerator> random) {
    this.cap = cap;
    this.random = random;
  }

  /**
   * @param retry      0 for the first retry
   * @param retryAfter what the upstream asked for, or null
   */
  public Duration delay(int retry, Duration base, Duration retryAfter) {
    long exp = base.toNanos() << Math.min(retry, 20);
    long capped = Math.min(exp < 0 ? Long.MAX_VALUE : exp, cap.toNanos());
    long jittered = capped / 2 + (long) (random.get().nextDouble() * (capped / 2.0));
    long wait = retryAfter == null ? jittered : Math.max(jittered, retryAfter.toNanos());
    return Duration.ofNanos(wait);
  }
}
