package dev.apprentice.gateway;

import dev.apprentice.api.trace.Tokens;

/**
 * How a call ended, as the accounting saw it; handed to every hook registered with {@link Call#onEnd}.
 *
 * @param status         the HTTP status the client saw (499 when it left first)
 * @param errorCode      null on success
 * @param tokens         tokens used, from the provider's usage or estimated
 * @param usageEstimated true when the provider reported no usage
 * @param costUsd        what the call cost (0 when nothing was served or the price is unknown)
 */
public record CallEnd(int status, String errorCode, Tokens tokens, boolean usageEstimated, double costUsd) {

  /** A call that ended before any upstream served it: nothing used, nothing spent. */
  public static CallEnd failedBeforeUpstream(int status, String errorCode) {
    return new CallEnd(status, errorCode, Tokens.NONE, false, 0);
  }
}
