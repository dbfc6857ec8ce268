package dev.apprentice.gateway;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.gateway.resilience.Backoff;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.resilience.Sleeper;
import dev.apprentice.gateway.routing.LatencyTracker;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayList;
import java.util.List;

/**
 * The last per-call step: asks the model's router for an order of targets, then tries them, retrying each with
 * backoff while its failures are retriable, skipping targets whose circuit is open, and failing over while the
 * failure allows it. The kind of each failure decides; the call's deadline bounds everything.
 */
final class RoutingStep implements Interceptor {

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
    long waited = RetryWait.sleep(backoff, sleeper, route.retryBackoff(), attempt, e, call.deadlineNanos());
    if (waited < 0) return false;
    call.recordWait(waited);
    return true;
  }

  private static GatewayException notRoutable(ProviderException e) {
    return RouteFailures.notRoutable(e);
  }

  private static GatewayException timeout(Call call) {
    return RouteFailures.timeout(call.model(), call.route().timeout(), call.attempts());
  }

  private static GatewayException exhausted(Call call, List<String> skipped) {
    return RouteFailures.exhausted(call.model(), call.route().timeout(), call.deadlineNanos(), call.attempts(), skipped);
  }
}
