package dev.apprentice.gateway;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.gateway.resilience.Backoff;
import dev.apprentice.gateway.resilience.Sleeper;
import java.time.Duration;

/** The wait before trying the same target again: backoff with jitter, at least what Retry-After asked. */
final class RetryWait {

  /** A Retry-After longer than this sends the call to the next target instead of waiting. */
  static final Duration LONGEST_RETRY_AFTER_WAIT = Duration.ofSeconds(30);

  private RetryWait() {}

  /**
   * Sleeps before retry {@code attempt} (0 for the first); returns the nanoseconds slept, or -1 when the wait would
   * not fit before the deadline, the upstream asked for too long, or, while another target remains
   * ({@code fallbackRemains}), the wait would take more than half the time left (then fail over instead: the next
   * target gets time to answer).
   */
  static long sleep(Backoff backoff, Sleeper sleeper, Duration base, int attempt, ProviderException e,
      long deadlineNanos, boolean fallbackRemains) {
    if (e.retryAfter() != null && e.retryAfter().compareTo(LONGEST_RETRY_AFTER_WAIT) > 0) return -1;
    Duration wait = backoff.delay(attempt, base, e.retryAfter());
    long left = deadlineNanos - System.nanoTime();
    if (wait.toNanos() >= left) return -1;
    if (fallbackRemains && wait.toNanos() > left / 2) return -1;
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new GatewayException(ErrorCode.UPSTREAM_ERROR, "the call was cancelled while waiting to retry");
    }
    return wait.toNanos();
  }
}
