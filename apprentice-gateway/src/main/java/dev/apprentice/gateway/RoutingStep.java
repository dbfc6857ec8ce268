package dev.apprentice.gateway;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.trace.SkippedTarget;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.resilience.PendingOutcome;
import dev.apprentice.gateway.routing.LatencyTracker;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import java.util.List;

/**
 * The last per-call step: asks the model's router for an order of targets, then has {@link TargetTries} try them;
 * each try runs through the per-attempt steps to the provider. The call hears of every attempt, every wait before a
 * retry and the target that answered; least-latency routing learns each target's latency from here, a failed try
 * counting as the time limit that try had (so a failing target sorts behind those that answer within it). A whole
 * answer is a success of its target's circuit breaker at once, a stream when it ends ({@link BreakerReportingStream}).
 * A call cancelled because its client left ({@link Call#cancel}) abandons the attempt in flight and starts no other.
 */
final class RoutingStep implements Interceptor {

  private final TargetTries tries;
  private final LatencyTracker latencies;
  private final List<AttemptInterceptor> attemptSteps;

  RoutingStep(TargetTries tries, LatencyTracker latencies, List<AttemptInterceptor> attemptSteps) {
    this.tries = tries;
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
    // a client that leaves interrupts the tries (Call.cancel): the attempt in flight fails as cancelled, none follows
    TargetTries.Course course = new TargetTries.Course(route, plan, call.deadlineNanos(),
        AttemptLimit.of(route, request.streaming()), target -> true, call.cancellation());
    return tries.run(course, (target, attemptDeadline, status) -> {
      ChatRequest upstreamRequest = request.withModel(target.upstreamModel());
      return new AttemptChain(attemptSteps, 0, call, target, upstreamRequest, attemptDeadline, status)
          .proceed(upstreamRequest);
    }, settlement, new TargetTries.Listener() {
      @Override
      public void attempted(Attempt attempt) {
        call.recordAttempt(attempt, request);
      }

      @Override
      public void waited(long nanos) {
        call.recordWait(nanos);
      }

      @Override
      public void skipped(SkippedTarget skipped) {
        call.recordSkipped(skipped);
      }

      @Override
      public void failed(Target target, ProviderException failure, long tookNanos, long limitNanos) {
        if (!Breakers.concernsHealth(failure)) return;
        latencies.penalise(target.id(), request.streaming(), tookNanos, limitNanos);
      }

      @Override
      public void answered(Target target, long tookNanos) {
        latencies.record(target.id(), request.streaming(), tookNanos);
        call.servedBy(target);
      }
    });
  }

  /** A whole answer is a success now; a stream's outcome waits for its end, or for its discarding (closed unread). */
  private final TargetTries.Settlement<Outcome> settlement = new TargetTries.Settlement<>() {
    @Override
    public Outcome settle(Outcome answer, PendingOutcome outcome) {
      if (answer instanceof Outcome.Streaming streaming) {
        return new Outcome.Streaming(streaming.first(), new BreakerReportingStream(streaming.rest(), outcome,
            tries.shutdown()));
      }
      outcome.succeeded();
      return answer;
    }

    @Override
    public void discard(Outcome settled) {
      if (settled instanceof Outcome.Streaming streaming) streaming.rest().close();
    }

    /** A stream's latency is its time to the first token, also when its attempt held its opening on past it. */
    @Override
    public long latency(Outcome answer, long tookNanos) {
      return answer instanceof Outcome.Streaming streaming && streaming.rest() instanceof HeldOpening opening
          ? tookNanos - opening.heldNanos() : tookNanos;
    }
  };
}
