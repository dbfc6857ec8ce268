package dev.apprentice.gateway;

import dev.apprentice.api.DeadlineExceededException;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import java.time.Duration;

/**
 * What a call's wait on in-process work (the local embedding model, for retrieval or a guardrail) becomes when it
 * ends early: past the call's deadline, the documented 504 {@code upstream_timeout}, worded as the deadline's own
 * ({@link Unanswered#within}: {@code model 'X' did not answer within N ms}) and saying which step could not finish,
 * and what it waited for: the model's queue, or a model or detector still loading;
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
    return timedOut(call.model(), call.route().timeout(), what, null);
  }

  /** As {@link #timedOut(Call, String)}, saying what {@code late}'s wait was for when it was still loading. */
  public static GatewayException timedOut(Call call, String what, DeadlineExceededException late) {
    return timedOut(call.model(), call.route().timeout(), what, late);
  }

  /**
   * As {@link #timedOut(Call, String, DeadlineExceededException)} for a step that could wait only {@code share} of the
   * time the call had left when it began ({@link dev.apprentice.api.Deadline#part}), so that the upstream keeps the
   * rest to answer in: it did not finish in its share.
   */
  public static GatewayException timedOut(Call call, String what, double share, DeadlineExceededException late) {
    return timedOut(call.model(), call.route().timeout(), what, "its share of that time, "
        + Math.round(share * 100) + "% of what was left so that the model keeps the rest to answer", late);
  }

  /** The 504 of a call of {@code model}, whose {@code timeout_ms} is {@code timeout}: {@code what} did not finish. */
  public static GatewayException timedOut(String model, Duration timeout, String what) {
    return timedOut(model, timeout, what, null);
  }

  /**
   * The 504 of a call of {@code model}, whose {@code timeout_ms} is {@code timeout}: {@code what} did not finish while
   * it waited for the local embedding model, or for what {@code late} names as still loading
   * ({@link DeadlineExceededException#loading()}: {@code (it waited for the injection detector 'default', still
   * loading)}).
   *
   * @param late the wait that gave up, or null
   */
  public static GatewayException timedOut(String model, Duration timeout, String what,
      DeadlineExceededException late) {
    return timedOut(model, timeout, what, "that time", late);
  }

  private static GatewayException timedOut(String model, Duration timeout, String what, String in,
      DeadlineExceededException late) {
    String waitedFor = late == null ? null : late.loading().map(load -> load + ", still loading").orElse(null);
    return new GatewayException(ErrorCode.UPSTREAM_TIMEOUT, Unanswered.within(model, timeout) + ": " + what
        + " did not finish in " + in + " (it waited for "
        + (waitedFor == null ? "the local embedding model" : waitedFor) + "); nothing was sent upstream");
  }

  /** The failure of a call whose client left while it waited (traced as {@code client_disconnected}). */
  public static GatewayException abandoned() {
    return new GatewayException(ErrorCode.UPSTREAM_ERROR, "the call was cancelled: the client went away");
  }
}
