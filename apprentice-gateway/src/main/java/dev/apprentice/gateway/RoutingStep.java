package dev.apprentice.gateway;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.gateway.resilience.Backoff;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.resilience.Sleeper;
import dev.apprentice.gateway.routing.LatencyTracker;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The last per-call step: asks the model's router for an order of targets, then tries them, retrying each with
 * backoff while its failures are retriable, skipping targets whose circuit is open, and failing over while the
 * failure allows it. The kind of each failure decides; the call's deadline bounds everything.
 */
final class RoutingStep implements Interceptor {

  /** A Retry-After longer than this sends the call to the next target instead of waiting. */
  private static final Duration LONGEST_RETRY_AFTER_WAIT = Duration.ofSeconds(30);

  private final Breakers breakers;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final LatencyTracker latencies;
  private final List<AttemptInterceptor> attemptSteps;

  RoutingStep(Breakers breakers, Backoff backoff, Sleeper sleeper, LatencyTracker latencies, List<AttemptInterceptor> attemptSteps) {
    this.breakers = breakers;
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.latencies = latencies;
    this.attemptSteps = attemptSteps;
  }

  @Override
  public Outcome intercept(Chain chain) {
    Call call = chain.call();
    ModelRoute route = call.route();
    List<Target> plan = route.router().plan(route.targets(), chain.request());
    List<String> skipped = new ArrayList<>();
    for (Target target : plan) {
      CircuitBreaker breaker = breakers.forTarget(target.id(), route.breaker());
      for (int attempt = 0; attempt <= route.retries(); attempt++) {
        if (System.nanoTime() >= call.deadlineNanos()) throw timeout(call);
        if (!breaker.tryAcquirePermission()) {
          skipped.add(target.id());
          break;
        }
        ChatRequest upstreamRequest = chain.request().withModel(target.upstreamModel());
        long start = System.nanoTime();
        try {
          Outcome outcome = new AttemptChain(attemptSteps, 0, call, target, upstreamRequest).proceed(upstreamRequest);
          long took = System.nanoTime() - start;
          Breakers.recordSuccess(breaker, took);
          latencies.record(target.id(), took);
          call.recordAttempt(new Attempt(target, null, 0, null, took));
          call.servedBy(target);
          return outcome;
        } catch (ProviderException e) {
          long took = System.nanoTime() - start;
          Breakers.recordFailure(breaker, took, e);
          call.recordAttempt(new Attempt(target, e.kind(), e.status(), e.getMessage(), took));
          if (!e.kind().fallbackAllowed()) throw notRoutable(e);
          if (!e.kind().retriable() || attempt == route.retries()) break;
          if (!waitBeforeRetry(call, route, attempt, e)) break;
        } catch (RuntimeException e) {
          breaker.releasePermission(); // else a half-open breaker would wait forever for this trial's result
          throw e;
        }
      }
    }
    throw exhausted(call, skipped);
  }

  /** Sleeps before the next try of the same target; false when the wait would not fit (then fail over). */
  private boolean waitBeforeRetry(Call call, ModelRoute route, int attempt, ProviderException e) {
    if (e.retryAfter() != null && e.retryAfter().compareTo(LONGEST_RETRY_AFTER_WAIT) > 0) return false;
    Duration wait = backoff.delay(attempt, route.retryBackoff(), e.retryAfter());
    if (System.nanoTime() + wait.toNanos() >= call.deadlineNanos()) return false;
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new GatewayException(ErrorCode.UPSTREAM_ERROR, "the call was cancelled while waiting to retry");
    }
    call.recordWait(wait.toNanos());
    return true;
  }

  private static GatewayException notRoutable(ProviderException e) {
    if (e.kind() == Kind.CANCELLED) return new GatewayException(ErrorCode.UPSTREAM_ERROR, "the call was cancelled");
    return new GatewayException(ErrorCode.INVALID_REQUEST, e.getMessage());
  }

  private static GatewayException timeout(Call call) {
    return new GatewayException(ErrorCode.UPSTREAM_TIMEOUT, "model '" + call.model() + "' did not answer within "
        + call.route().timeout().toMillis() + " ms; attempts: " + summary(call));
  }

  private static GatewayException exhausted(Call call, List<String> skipped) {
    if (call.attempts().isEmpty()) {
      return new GatewayException(ErrorCode.NO_HEALTHY_TARGET, "every target of model '" + call.model()
          + "' has an open circuit: " + String.join(", ", skipped));
    }
    if (System.nanoTime() >= call.deadlineNanos()
        || call.attempts().stream().allMatch(a -> a.failure() == Kind.TIMEOUT)) {
      return timeout(call);
    }
    String open = skipped.isEmpty() ? "" : "; circuit open: " + String.join(", ", skipped);
    return new GatewayException(ErrorCode.UPSTREAM_ERROR, "every target of model '" + call.model() + "' failed: "
        + summary(call) + open);
  }

  private static String summary(Call call) {
    return call.attempts().stream().map(Attempt::summary).collect(Collectors.joining("; "));
  }
}
