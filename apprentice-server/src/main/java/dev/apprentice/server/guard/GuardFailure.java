package dev.apprentice.server.guard;

import dev.apprentice.api.ClosedException;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.DeadlineExceededException;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.LocalWait;
import java.util.concurrent.CancellationException;

/**
 * What a guardrail that failed (a defect, a detector that cannot load, a stack overflow) becomes: the call's own
 * {@link GatewayException} when it threw one, 503 {@code shutting_down} when what it ran on was closed (the server
 * shutting down, {@link ClosedException}), else a 500 {@code internal_error} that names the trace and nothing of
 * the text. A scanner that could not read the texts before the call's deadline fails closed: the deadline's 504
 * naming the scanner ({@link LocalWait#timedOut}), and the call's cancellation when its client left meanwhile. The
 * caller of this makes sure the trace keeps nothing the guardrail was there to take out.
 */
final class GuardFailure {

  private static final System.Logger LOG = System.getLogger(GuardFailure.class.getName());

  private GuardFailure() {}

  static GatewayException of(Call call, String direction, Throwable failure) {
    if (failure instanceof DeadlineExceededException late) return LocalWait.timedOut(call, late.getMessage(), late);
    if (failure instanceof CancellationException) return LocalWait.abandoned();
    return of(call.traceId(), direction, failure);
  }

  static GatewayException of(String traceId, String direction, Throwable failure) {
    if (failure instanceof GatewayException known) return known;
    if (ClosedException.within(failure) instanceof ClosedException closed) return closed.refusal();
    LOG.log(System.Logger.Level.ERROR, "the " + direction + " guardrails failed on trace " + traceId, failure);
    return new GatewayException(ErrorCode.INTERNAL, "internal error: a guardrail failed (trace " + traceId + ")");
  }
}
