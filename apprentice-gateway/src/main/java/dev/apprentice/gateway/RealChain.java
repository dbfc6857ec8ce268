package dev.apprentice.gateway;

import dev.apprentice.api.ChatRequest;
import java.util.List;

/** Runs the per-call interceptors in order; each {@link #proceed} hands the call to the next one. */
final class RealChain implements Interceptor.Chain {

  private final List<Interceptor> interceptors;
  private final int index;
  private final Call call;
  private final ChatRequest request;

  RealChain(List<Interceptor> interceptors, int index, Call call, ChatRequest request) {
    this.interceptors = interceptors;
    this.index = index;
    this.call = call;
    this.request = request;
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
  public Outcome proceed(ChatRequest next) {
    if (index >= interceptors.size()) {
      throw new IllegalStateException("the last interceptor must answer, not proceed");
    }
    return interceptors.get(index).intercept(new RealChain(interceptors, index + 1, call, next));
  }
}
