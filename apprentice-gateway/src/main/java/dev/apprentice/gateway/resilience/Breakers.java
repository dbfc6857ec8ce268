package dev.apprentice.gateway.resilience;

import dev.apprentice.api.ProviderException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One circuit breaker per target ({@code provider/upstream-model}), shared by every model alias that routes there:
 * health belongs to the upstream, not to the alias. Only failures that say something about the upstream's health
 * count; invalid requests, cancellations and requests never sent (their deadline had passed) do not.
 */
public final class Breakers {

  /** When a breaker opens and for how long. */
  public record Policy(int failureRatePercent, int minimumCalls, Duration openFor) {}

  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  /** When each open breaker lets a trial through ({@link System#nanoTime()}): resilience4j half-opens only on a call. */
  private final Map<String, Long> openUntil = new ConcurrentHashMap<>();

  public CircuitBreaker forTarget(String targetId, Policy policy) {
    return breakers.computeIfAbsent(targetId, id -> {
      CircuitBreaker breaker = CircuitBreaker.of(id, CircuitBreakerConfig.custom()
          .failureRateThreshold(policy.failureRatePercent())
          .minimumNumberOfCalls(policy.minimumCalls())
          .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
          .slidingWindowSize(Math.max(policy.minimumCalls(), 20))
          .waitDurationInOpenState(policy.openFor())
          .permittedNumberOfCallsInHalfOpenState(1)
          .recordExceptions(ProviderException.class)
          .build());
      breaker.getEventPublisher().onStateTransition(event -> {
        if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
          openUntil.put(id, System.nanoTime() + policy.openFor().toNanos());
        }
      });
      return breaker;
    });
  }

  /** A failed try: counted unless it says nothing about the upstream's health (then its permission is released). */
  public static void recordFailure(CircuitBreaker breaker, long nanos, ProviderException e) {
    if (concernsHealth(e)) breaker.onError(nanos, TimeUnit.NANOSECONDS, e);
    else breaker.releasePermission();
  }

  /**
   * True when a failed try says something about its target's health: not the request's own fault, a content filter
   * or a cancellation, nor a request that never went out (its deadline had passed: the upstream was not asked).
   */
  public static boolean concernsHealth(ProviderException e) {
    if (!e.requestSent()) return false;
    return switch (e.kind()) {
      case INVALID_REQUEST, CONTENT_FILTERED, CANCELLED -> false;
      default -> true;
    };
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
