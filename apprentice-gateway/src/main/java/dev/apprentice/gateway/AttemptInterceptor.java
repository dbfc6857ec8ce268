package dev.apprentice.gateway;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.UpstreamStatus;
import dev.apprentice.gateway.routing.Target;

/**
 * One step run once per upstream attempt, between the router and the provider (OkHttp's network interceptors).
 * It must call {@link Chain#proceed} exactly once; it may observe or adjust the request and the outcome.
 */
@FunctionalInterface
public interface AttemptInterceptor {

  Outcome intercept(Chain chain) throws ProviderException;

  /** The view an attempt step has: the call, the target of this attempt, and the rest of the attempt chain. */
  interface Chain {
    ChatRequest request();

    Call call();

    Target target();

    /**
     * When this try must give up ({@link System#nanoTime()}): for a stream, by when its first token must have come
     * (the stream then runs on to the call's deadline); for a whole answer, by when it must have arrived. Never later
     * than the call's deadline.
     */
    long attemptDeadlineNanos();

    /** Where the provider leaves the status its upstream's answer began with, for this attempt's record. */
    UpstreamStatus upstreamStatus();

    Outcome proceed(ChatRequest request) throws ProviderException;
  }
}
