package dev.apprentice.gateway;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import java.time.Duration;

/**
 * What a call's wait on in-process work (the local embedding model, for retrieval or a guardrail) becomes when it
 * ends early: past the call's deadline, the documented 504 {@code upstream_timeout}, worded as the deadline's own
 * ({@link Unanswered#within}: {@code model 'X' did not answer within N ms}) and saying which step could not finish;
 * once the client left, the failure of a cancelled call (traced as {@code client_disconnected}). Either way nothing
 * was sent upstream.
 */
public final class LocalWait {

  private LocalWait() {}

  /**
   * The call's 504: {@code what} could not finish within its {@code timeout_ms}.
   *
   * @param what the step that did not finish, as a sentence's subject ({@code retrieval from collection 'kb'})
   */
  public static GatewayException timedOut(Call call, String what) {
    return timedOut(call.model(), call.route().timeout(), what);
  }

  /** The 504 of a call of {@code model}, whose {@code timeout_ms} is {@code timeout}: {@code what} did not finish. */
  public static GatewayException timedOut(String model, Duration timeout, String what) {
    return new GatewayException(ErrorCode.UPSTREAM_TIMEOUT, Unanswered.within(model, timeout) + ": " + what
        + " did not finish in that time (it waited for the local embedding model); nothing was sent upstream");
  }

  /** The failure of a call whose client left while it waited (traced as {@code client_disconnected}). */
  public static GatewayException abandoned() {
    return new GatewayException(ErrorCode.UPSTREAM_ERROR, "the call was cancelled: the client went away");
  }
}
