package dev.apprentice.gateway;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.UpstreamStatus;
import dev.apprentice.gateway.routing.Target;
import java.util.List;

/**
 * Runs the per-attempt interceptors, ending in the provider call. Enforces the rule that each step proceeds exactly
 * once, so an attempt step cannot silently swallow or duplicate an upstream call.
 */
final class AttemptChain implements AttemptInterceptor.Chain {

  private final List<AttemptInterceptor> steps;
  private final int index;
  private final Call call;
  private final Target target;
  private final ChatRequest request;
  private final long attemptDeadlineNanos;
  private final UpstreamStatus upstreamStatus;
  private boolean proceeded;

  AttemptChain(List<AttemptInterceptor> steps, int index, Call call, Target target, ChatRequest request,
      long attemptDeadlineNanos, UpstreamStatus upstreamStatus) {
    this.steps = steps;
    this.index = index;
    this.call = call;
    this.target = target;
    this.request = request;
    this.attemptDeadlineNanos = attemptDeadlineNanos;
    this.upstreamStatus = upstreamStatus;
  }

  @Override
  public ChatRequest request() {
    return request;
  }

  @Override
  public Call call() {
    return call;
  }

  @Override
  public Target target() {
    return target;
  }

  @Override
  public long attemptDeadlineNanos() {
    return attemptDeadlineNanos;
  }

  @Override
  public UpstreamStatus upstreamStatus() {
    return upstreamStatus;
  }

  @Override
  public Outcome proceed(ChatRequest next) throws ProviderException {
    if (index >= steps.size()) throw new IllegalStateException("the provider step must answer, not proceed");
    if (proceeded) {
      throw new IllegalStateException("attempt step " + steps.get(index - 1).getClass().getName() + " must call proceed() exactly once");
    }
    proceeded = true;
    return steps.get(index).intercept(new AttemptChain(steps, index + 1, call, target, next, attemptDeadlineNanos,
        upstreamStatus));
  }
}
