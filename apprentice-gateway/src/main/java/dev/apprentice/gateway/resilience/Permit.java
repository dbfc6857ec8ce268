package dev.apprentice.gateway.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One call's permission from its target's circuit breaker, stamped with the breaker's generation (how many state
 * transitions it had made) when it was taken. A stream's outcome is reported when it ends, minutes later; by then the
 * circuit may have opened and half-opened, and an outcome of the old state must not decide the new one: a success
 * would close a half-open circuit while its real trial still runs, a release would let a second trial through. So
 * every report is dropped once the breaker has changed state since the permission was taken.
 *
 * <p>The check and the report are two steps: a transition between them can still let one stale report through. That
 * window is a few instructions wide against the minutes a stream runs, which is the case this guards.
 */
public final class Permit {

  private final CircuitBreaker breaker;
  private final AtomicLong transitions;
  private final long generation;
  private final Runnable ended;

  /** @param ended told when the call's outcome is reported (a half-open trial's end: it is no longer given up) */
  Permit(CircuitBreaker breaker, AtomicLong transitions, Runnable ended) {
    this.breaker = breaker;
    this.transitions = transitions;
    this.generation = transitions.get(); // read after the permission was taken: a trial's own half-opening counts
    this.ended = ended;
  }

  /** True while the breaker is still in the state the permission was taken in. */
  public boolean current() {
    return transitions.get() == generation;
  }

  /** The call succeeded after {@code nanos}. */
  public void succeeded(long nanos) {
    ended.run();
    if (current()) breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
  }

  /** The call failed, after {@code nanos}, in a way that counts against the target's health. */
  public void failed(long nanos, Throwable e) {
    ended.run();
    if (current()) breaker.onError(nanos, TimeUnit.NANOSECONDS, e);
  }

  /** Nothing was learned about the target: the permission goes back unused. */
  public void release() {
    ended.run();
    if (current()) breaker.releasePermission();
  }
}
