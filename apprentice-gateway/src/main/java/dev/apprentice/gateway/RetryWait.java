package dev.apprentice.gateway;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.gateway.resilience.Backoff;
import dev.apprentice.api.Sleeper;
import java.time.Duration;

/** The wait before trying the same target again: backoff with jitter, at least what Retry-After asked. */
final class RetryWait {

  /** A Retry-After longer than this sends the call to the next target instead of waiting. */
  static final Duration LONGEST_RETRY_AFTER_WAIT = Duration.ofSeconds(30);

  private RetryWait() {}

  /**
   * The wait before retry {@code attempt} (0 for the first), or null when the call should fail over instead: the wait
   * would not fit before the deadline, the upstream asked for too long, or, while another target remains
   * ({@code fallbackRemains}), the wait and a try as long as the one that just failed ({@code lastTryNanos}) would
   * take more than half the time left (the next target keeps at least half of it to answer in).
   */
  static Duration delay(Backoff backoff, Duration base, int attempt, ProviderException e, long lastTryNanos,
      long deadlineNanos, boolean fallbackRemains) {
    if (e.retryAfter() != null && e.retryAfter().compareTo(LONGEST_RETRY_AFTER_WAIT) > 0) return null;
    Duration wait = backoff.delay(attempt, base, e.retryAfter());
    long left = deadlineNanos - System.nanoTime();
    if (wait.toNanos() >= left) return null;
    if (fallbackRemains && wait.toNanos() + lastTryNanos > left / 2) return null;
    return wait;
  }

  /** Sleeps {@code wait}; returns the nanoseconds slept. Cut short by the gateway's shutdown, 503 {@code shutting_down}. */
  static long sleep(Sleeper sleeper, Duration wait, Shutdown shutdown) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      if (shutdown.begun()) throw Shutdown.refusal("the call was cut short while it waited to retry");
      throw new GatewayException(ErrorCode.UPSTREAM_ERROR, "the call was cancelled while waiting to retry");
    }
    return wait.toNanos();
  }
}
