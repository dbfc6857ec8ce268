package dev.apprentice.gateway;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.gateway.resilience.Backoff;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.resilience.Sleeper;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Tries a model's targets for a call that is not a chat completion (an embeddings call) by the rules chat calls
 * route by: the targets in configured order, each retried with backoff while its failures are retriable (honouring
 * Retry-After), targets with an open circuit skipped (the circuits are the chat calls' own: health belongs to the
 * upstream), failing over while the failure allows it, all within the model's {@code timeout_ms}.
 */
public final class TargetTries {

  /** One try of one target. */
  @FunctionalInterface
  public interface TargetCall<T> {
    T call(Target target, CallContext context) throws ProviderException;
  }

  /** The answer, the target that gave it, and the time spent waiting to retry (neither upstream nor overhead). */
  public record Answered<T>(T answer, Target target, long waitedNanos) {}

  private final Breakers breakers;
  private final Backoff backoff;
  private final Sleeper sleeper;

  TargetTries(Breakers breakers, Backoff backoff, Sleeper sleeper) {
    this.breakers = breakers;
    this.backoff = backoff;
    this.sleeper = sleeper;
  }

  /**
   * Runs the call against the eligible targets until one answers.
   *
   * @param startNanos when the call arrived ({@link System#nanoTime()}): the deadline counts from there
   * @param attempts   receives every attempt, for the trace, whether the call succeeds or not
   * @throws GatewayException 400 when no target is eligible or the upstream refused the request as invalid, 503 when
   *                          every circuit is open, 504 past the deadline, else 502 naming each attempt
   */
  public <T> Answered<T> run(ModelRoute route, String traceId, Map<String, String> headers, long startNanos,
      Predicate<Target> eligible, TargetCall<T> call, List<Attempt> attempts) {
    long deadline = startNanos + route.timeout().toNanos();
    List<String> skipped = new ArrayList<>();
    boolean anyEligible = false;
    long waited = 0;
    for (Target target : route.targets()) {
      if (!eligible.test(target)) continue;
      anyEligible = true;
      CircuitBreaker breaker = breakers.forTarget(target.id(), route.breaker());
      for (int attempt = 0; attempt <= route.retries(); attempt++) {
        if (System.nanoTime() >= deadline) throw RouteFailures.timeout(route.name(), route.timeout(), attempts);
        if (!breaker.tryAcquirePermission()) {
          skipped.add(target.id());
          break;
        }
        long start = System.nanoTime();
        try {
          T answer = call.call(target, new CallContext(traceId, deadline, headers));
          long took = System.nanoTime() - start;
          Breakers.recordSuccess(breaker, took);
          attempts.add(new Attempt(target, null, 0, null, took));
          return new Answered<>(answer, target, waited);
        } catch (ProviderException e) {
          long took = System.nanoTime() - start;
          Breakers.recordFailure(breaker, took, e);
          attempts.add(new Attempt(target, e.kind(), e.status(), e.getMessage(), took));
          if (!e.kind().fallbackAllowed()) throw RouteFailures.notRoutable(e);
          if (!e.kind().retriable() || attempt == route.retries()) break;
          long slept = RetryWait.sleep(backoff, sleeper, route.retryBackoff(), attempt, e, deadline);
          if (slept < 0) break;
          waited += slept;
        } catch (RuntimeException e) {
          breaker.releasePermission(); // else a half-open breaker would wait forever for this trial's result
          throw e;
        }
      }
    }
    if (!anyEligible) {
      throw GatewayException.invalid("model", "model '" + route.name() + "' has no target that can serve this call");
    }
    throw RouteFailures.exhausted(route.name(), route.timeout(), deadline, attempts, skipped);
  }
}
