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

  /**
   * The time one try has.
   *
   * @param deadlineNanos when it must give up ({@link System#nanoTime()})
   * @param nanos         how long it has from its start to then
   * @param full          true when it has the whole of a limit the model declares: its {@code attempt_timeout_ms} (a
   *                      stream: {@code ttft_timeout_ms}) uncut by the call's deadline, or the call's first try's share
   *                      of the call's whole time (all of it, or half while another target remains); false for a later
   *                      try's share of what earlier tries left, and for a try the call's deadline cut short
   */
  public record Allowance(long deadlineNanos, long nanos, boolean full) {}

  /** The limit of each try of {@code route}'s targets: its first-token limit for a stream, else its attempt limit. */
  public static AttemptLimit of(ModelRoute route, boolean streaming) {
    return new AttemptLimit(streaming ? route.ttftTimeout() : route.attemptTimeout());
  }

  /**
   * The time of a try that starts at {@code nowNanos}; {@code firstTry} says whether it is the call's first, and
   * {@code fallbackRemains} whether another target could still be tried after this one, asked only when the share
   * depends on it.
   */
  Allowance allow(long nowNanos, long callDeadlineNanos, boolean firstTry, BooleanSupplier fallbackRemains) {
    long left = callDeadlineNanos - nowNanos;
    long allowed;
    if (fixed != null) {
      allowed = fixed.toNanos();
    } else {
      allowed = fallbackRemains.getAsBoolean() ? left / 2 : left;
    }
    // the call's first try had its share of the whole call: a target that gives no answer in half of timeout_ms is
    // unhealthy enough to count, or a hung first target would cost every call that half, its circuit never opening
    if (allowed < left) return new Allowance(nowNanos + allowed, allowed, fixed != null || firstTry);
    return new Allowance(callDeadlineNanos, Math.max(left, 0), firstTry);
  }
}
