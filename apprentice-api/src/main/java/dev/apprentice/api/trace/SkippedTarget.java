package dev.apprentice.api.trace;

/**
 * A target of a traced call that was passed over without a request going to it: the reason a later target answered
 * instead. Not an attempt: attempts, their count and their metrics are the requests that went upstream.
 *
 * @param provider      the provider's configured name
 * @param upstreamModel the model id the target names upstream
 * @param reason        {@value #CIRCUIT_OPEN} (its circuit breaker refused the call) or {@value #UNSUPPORTED} (its
 *                      provider cannot translate the request)
 * @param message       why the provider could not serve the request ({@value #UNSUPPORTED}); else null
 */
public record SkippedTarget(String provider, String upstreamModel, String reason, String message) {

  public static final String CIRCUIT_OPEN = "circuit_open";
  public static final String UNSUPPORTED = "unsupported";
}
