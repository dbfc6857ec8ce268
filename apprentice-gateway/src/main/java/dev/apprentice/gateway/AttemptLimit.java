package dev.apprentice.gateway;

import dev.apprentice.gateway.routing.ModelRoute;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * How long one try of a target may wait for its answer, as the deadline each try gets. A stream's try waits for its
 * first token for the model's {@code ttft_timeout_ms}. A try of a whole answer (a call that is not streamed, an
 * embedding) takes at most the model's {@code attempt_timeout_ms}; without one, half the time left while another
 * target remains, so that a target that never answers leaves the next one at least as much time as it had, and the
 * rest of the call's time for the last. No try runs past the call's deadline.
 *
 * @param fixed the limit of every try, or null for the default share of the time left
 */
public record AttemptLimit(Duration fixed) {

  /** The limit of each try of {@code route}'s targets: its first-token limit for a stream, else its attempt limit. */
  public static AttemptLimit of(ModelRoute route, boolean streaming) {
    return new AttemptLimit(streaming ? route.ttftTimeout() : route.attemptTimeout());
  }

  /**
   * The deadline ({@link System#nanoTime()}) of a try that starts at {@code nowNanos}; {@code fallbackRemains} says
   * whether another target could still be tried after this one, asked only when the share depends on it.
   */
  long deadline(long nowNanos, long callDeadlineNanos, BooleanSupplier fallbackRemains) {
    long left = callDeadlineNanos - nowNanos;
    long allowed;
    if (fixed != null) {
      allowed = fixed.toNanos();
    } else {
      allowed = fallbackRemains.getAsBoolean() ? left / 2 : left;
    }
    return allowed < left ? nowNanos + allowed : callDeadlineNanos;
  }
}
