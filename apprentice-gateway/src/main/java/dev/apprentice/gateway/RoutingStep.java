package dev.apprentice.gateway;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.routing.LatencyTracker;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.List;

/**
 * The last per-call step: asks the model's router for an order of targets, then has {@link TargetTries} try them;
 * each try runs through the per-attempt steps to the provider. The call hears of every attempt, every wait before a
 * retry and the target that answered; least-latency routing learns each target's latency from here, and the target's
 * circuit breaker hears of a stream that breaks after its first token.
 */
final class RoutingStep implements Interceptor {

  private final TargetTries tries;
  private final Breakers breakers;
  private final LatencyTracker latencies;
  private final List<AttemptInterceptor> attemptSteps;

  RoutingStep(TargetTries tries, Breakers breakers, LatencyTracker latencies, List<AttemptInterceptor> attemptSteps) {
    this.tries = tries;
    this.breakers = breakers;
    this.latencies = latencies;
    this.attemptSteps = attemptSteps;
  }

  @Override
  public Outcome intercept(Chain chain) {
    Call call = chain.call();
    ModelRoute route = call.route();
    ChatRequest request = chain.request();
    call.upstreamRequest(request);
    List<Target> plan = route.router().plan(route.targets(), request);
    Target[] answered = new Target[1];
    Outcome outcome = tries.run(route, plan, call.deadlineNanos(), target -> true, target -> {
      ChatRequest upstreamRequest = request.withModel(target.upstreamModel());
      return new AttemptChain(attemptSteps, 0, call, target, upstreamRequest).proceed(upstreamRequest);
    }, new TargetTries.Listener() {
      @Override
      public void attempted(Attempt attempt) {
        call.recordAttempt(attempt);
      }

      @Override
      public void waited(long nanos) {
        call.recordWait(nanos);
      }

      @Override
      public void answered(Target target, long tookNanos) {
        latencies.record(target.id(), request.streaming(), tookNanos);
        call.servedBy(target);
        answered[0] = target;
      }
    });
    if (!(outcome instanceof Outcome.Streaming streaming)) return outcome;
    // the stream was counted a success at its first token; a failure after it counts too
    CircuitBreaker breaker = breakers.forTarget(answered[0].id(), route.breaker());
    return new Outcome.Streaming(streaming.first(), new BreakerReportingStream(streaming.rest(), breaker));
  }
}
