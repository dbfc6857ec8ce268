package dev.apprentice.api;

import java.time.Duration;
import java.util.Map;

/**
 * What a provider may know about the call it serves: the trace id, the absolute deadline, and caller metadata.
 *
 * @param deadlineNanos {@link System#nanoTime()} value after which the call must give up
 */
public record CallContext(String traceId, long deadlineNanos, Map<String, String> headers) {

  public static CallContext withTimeout(String traceId, Duration timeout) {
    return new CallContext(traceId, System.nanoTime() + timeout.toNanos(), Map.of());
  }

  /** Time left before the deadline; zero or negative once it has passed. */
  public Duration remaining() {
    return Duration.ofNanos(deadlineNanos - System.nanoTime());
  }

  public boolean expired() {
    return deadlineNanos - System.nanoTime() <= 0;
  }
}
