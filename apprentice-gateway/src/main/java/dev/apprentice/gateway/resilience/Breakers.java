package dev.apprentice.gateway.resilience;

import dev.apprentice.api.ProviderException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One circuit breaker per target ({@code provider/upstream-model}), shared by every model alias that routes there:
 * health belongs to the upstream, not to the alias. Only failures that say something about the upstream's health
 * count; invalid requests, cancellations and requests never sent (their deadline had passed) do not, nor does a try
 * that got no answer in a time its call chose rather than one its model declares ({@code TargetTries}).
 *
 * <p>A half-open circuit's one trial holds its permission until the call ends (a stream: until its reader is done),
 * so a trial whose end is never reported (a stream nobody reads or closes) would keep the target half-open forever.
 * Each trial is therefore bounded by {@link #halfOpenLimit} of its own call's timeout: past it the circuit opens
 * again, waits its open time and lets a new trial through; the lost trial's outcome, should it come, is dropped
 * ({@link Permit}). The bound is the trial's, not the breaker's: models that share a target share its policy but not
 * their timeouts, and a breaker made with the timeout of whichever call came first would give up on a slow model's
 * healthy trial, or wait minutes for a fast model's lost one.
 */
public final class Breakers {

  /** When a breaker opens and for how long. */
  public record Policy(int failureRatePercent, int minimumCalls, Duration openFor) {}

  /** The most a half-open trial may take beyond its call's timeout, which bounds a stream but not its reader. */
  static final Duration TRIAL_MARGIN = Duration.ofSeconds(30);

  /** No call is slow for the breaker: only failures count ({@link #forTarget}). */
  private static final Duration NEVER_SLOW = Duration.ofNanos(Long.MAX_VALUE);

  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  /** Each breaker's state transitions so far: its generation, which stamps every {@link Permit}. */
  private final Map<String, AtomicLong> transitions = new ConcurrentHashMap<>();

  /** When each open breaker lets a trial through ({@link System#nanoTime()}): resilience4j half-opens only on a call. */
  private final Map<String, Long> openUntil = new ConcurrentHashMap<>();

  /** The half-open trial running on each target, until it ends or is given up. */
  private final Map<String, Trial> trials = new ConcurrentHashMap<>();

  /**
   * A half-open circuit's trial: the breaker generation it was taken in (its half-opening). Compared by identity: a
   * trial given back unused lets a second one through in the same generation, which the first one's bound must not end.
   */
  private static final class Trial {
    final long generation;

    Trial(long generation) {
      this.generation = generation;
    }
  }

  /**
   * Takes a call's permission from the target's breaker, made on first use from {@code policy} (models sharing a
   * target agree on it). A permission that is a half-open circuit's trial is bounded by {@code callTimeout}, the
   * timeout of the call it belongs to ({@link #halfOpenLimit}).
   *
   * @return the permission, or null when the circuit refuses the call
   */
  public Permit tryAcquire(String targetId, Policy policy, Duration callTimeout) {
    CircuitBreaker breaker = forTarget(targetId, policy);
    if (!breaker.tryAcquirePermission()) return null;
    AtomicLong generation = transitions.get(targetId);
    if (breaker.getState() != CircuitBreaker.State.HALF_OPEN) return new Permit(breaker, generation, () -> {});
    Trial trial = new Trial(generation.get());
    trials.put(targetId, trial);
    // the JDK's shared delay scheduler (a daemon thread): fires without traffic, as /ready needs, and has nothing to stop
    CompletableFuture.delayedExecutor(halfOpenLimit(callTimeout).toNanos(), TimeUnit.NANOSECONDS)
        .execute(() -> giveUp(targetId, breaker, trial));
    return new Permit(breaker, generation, () -> trials.remove(targetId, trial));
  }

  /**
   * The trial's time is up and it has not ended: it is lost, and the circuit opens again, unless it moved on since
   * (closed or opened by the trial, which changes its generation).
   */
  private void giveUp(String targetId, CircuitBreaker breaker, Trial trial) {
    if (!trials.remove(targetId, trial)) return;
    if (transitions.get(targetId).get() == trial.generation
        && breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
      breaker.transitionToOpenState();
    }
  }

  /**
   * How long a circuit stays half-open waiting for its trial: the call's timeout (a stream is broken at its deadline)
   * plus as much again, at most {@link #TRIAL_MARGIN}, for a reader slow to close it.
   */
  static Duration halfOpenLimit(Duration callTimeout) {
    return callTimeout.plus(callTimeout.compareTo(TRIAL_MARGIN) < 0 ? callTimeout : TRIAL_MARGIN);
  }

  private CircuitBreaker forTarget(String targetId, Policy policy) {
    return breakers.computeIfAbsent(targetId, id -> {
      AtomicLong generation = transitions.computeIfAbsent(id, unused -> new AtomicLong());
      CircuitBreaker breaker = CircuitBreaker.of(id, CircuitBreakerConfig.custom()
          .failureRateThreshold(policy.failureRatePercent())
          .minimumNumberOfCalls(policy.minimumCalls())
          .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
          .slidingWindowSize(Math.max(policy.minimumCalls(), 20))
          .waitDurationInOpenState(policy.openFor())
          .permittedNumberOfCallsInHalfOpenState(1) // waits for it without limit: each trial bounds itself
          // only failures count: Resilience4j's slow-call rate (by default every call slower than a minute) would open
          // the circuit of a target whose answers are long but whole, and a threshold per target cannot fit every
          // model's patience (a try cut at a limit the model declares is the failure that says a target is too slow)
          .slowCallDurationThreshold(NEVER_SLOW)
          .recordExceptions(ProviderException.class)
          .build());
      breaker.getEventPublisher().onStateTransition(event -> {
        generation.incrementAndGet();
        if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
          openUntil.put(id, System.nanoTime() + policy.openFor().toNanos());
        }
      });
      return breaker;
    });
  }

  /** A failed try: counted unless it says nothing about the upstream's health (then its permission is released). */
  public static void recordFailure(Permit permit, long nanos, ProviderException e) {
    if (concernsHealth(e)) permit.failed(nanos, e);
    else permit.release();
  }

  /**
   * True when a failed try says something about its target's health: not the request's own fault, its being over a
   * limit the target puts on one request, a content filter or a cancellation, nor a request that never went out (its
   * deadline had passed: the upstream was not asked).
   */
  public static boolean concernsHealth(ProviderException e) {
    if (!e.requestSent()) return false;
    return switch (e.kind()) {
      case INVALID_REQUEST, OVER_TARGET_LIMIT, CONTENT_FILTERED, CANCELLED -> false;
      default -> true;
    };
  }

  /**
   * How long until the target's open circuit lets a trial through, or null when it is not open (or half-open with a
   * trial already running, whose end nothing here can tell).
   */
  public Duration reopensIn(String targetId) {
    if (!isOpen(targetId)) return null;
    Long until = openUntil.get(targetId);
    return until == null ? null : Duration.ofNanos(Math.max(0, until - System.nanoTime()));
  }

  /**
   * True when the target's breaker currently refuses calls. A breaker whose open time has passed counts as
   * half-open even before a call moved it there, so readiness does not wait for traffic that it keeps away.
   */
  public boolean isOpen(String targetId) {
    CircuitBreaker breaker = breakers.get(targetId);
    if (breaker == null || breaker.getState() != CircuitBreaker.State.OPEN) return false;
    Long until = openUntil.get(targetId);
    return until == null || System.nanoTime() - until < 0;
  }
}
