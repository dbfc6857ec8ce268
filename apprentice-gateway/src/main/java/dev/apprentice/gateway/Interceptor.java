package dev.apprentice.gateway;

/**
 * One step of the per-call pipeline (limits, guards, cache, routing). It may answer by itself, change the request
 * and {@link Chain#proceed proceed}, or look at what the rest of the chain answered. Policy decisions are thrown as
 * {@link dev.apprentice.api.GatewayException}s.
 */
@FunctionalInterface
public interface Interceptor {

  Outcome intercept(Chain chain);

  /** The narrow view an interceptor has of the call. */
  interface Chain {
    dev.apprentice.api.ChatRequest request();

    Call call();

    Outcome proceed(dev.apprentice.api.ChatRequest request);
  }
}
