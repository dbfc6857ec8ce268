package dev.apprentice.gateway;

import dev.apprentice.api.trace.Tokens;

/**
 * How a call ended, as the accounting saw it; handed to every hook registered with {@link Call#onEnd}.
 *
 * @param status         the HTTP status the client saw (499 when it left first)
 * @param errorCode      null on success
 * @param tokens         tokens used, from the provider's usage or estimated, with the prompt of every attempt given
 *                       up after its request was sent ({@link Attempt#givenUpAfterSending})
 * @param usageEstimated true when some of the tokens were counted locally: the provider reported no usage, or an
 *                       attempt was given up after its request was sent
 * @param costUsd        what the call cost: its answer, plus the estimated prompt of every attempt given up after its
 *                       request was sent (0 when nothing was sent or the price is unknown)
 */
public record CallEnd(int status, String errorCode, Tokens tokens, boolean usageEstimated, double costUsd) {

  /** A call that ended before any upstream served it: nothing used, nothing spent. */
  public static CallEnd failedBeforeUpstream(int status, String errorCode) {
    return new CallEnd(status, errorCode, Tokens.NONE, false, 0);
  }
}
