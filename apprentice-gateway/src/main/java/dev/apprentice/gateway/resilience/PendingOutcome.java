package dev.apprentice.gateway.resilience;

import dev.apprentice.api.ProviderException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The outcome of one answered call, owed to its target's circuit breaker and reported exactly once, however many of
 * these methods are called and from whichever thread. A whole answer settles it at once; a stream holds it until it
 * ends, so that a stream that breaks after its first token is one failure, not a success and then a failure (a target
 * whose every stream broke would otherwise never show more than half its calls failed). The call's permission is held
 * meanwhile: a half-open circuit lets no other trial through until this one has ended. An outcome that arrives after
 * the circuit changed state is dropped ({@link Permit}).
 *
 * <p>The duration reported is the one measured when the call answered (a stream's time to its first token), not the
 * stream's whole length: a long answer is not a slow call (nor is a slow one: the breaker counts failures only).
 */
public final class PendingOutcome {

  private final Permit permit;
  private final long nanos;
  private final AtomicBoolean settled = new AtomicBoolean();

  /** @param nanos how long the call took to answer (a stream: to its first token) */
  public PendingOutcome(Permit permit, long nanos) {
    this.permit = permit;
    this.nanos = nanos;
  }

  /** The call answered in full (a stream: read to its end). */
  public void succeeded() {
    if (settled.compareAndSet(false, true)) permit.succeeded(nanos);
  }

  /**
   * The stream broke after its first token: a failure of the target unless it says nothing about the upstream's
   * health (then the permission is released). Cancellations and the request's own faults say nothing, as before the
   * first token; nor does a timeout: mid-stream it is the call's own {@code timeout_ms} running out, and one alias's
   * short deadline on long answers must not open the circuit of a target other aliases share.
   */
  public void failedMidStream(ProviderException e) {
    if (!settled.compareAndSet(false, true)) return;
    switch (e.kind()) {
      case INVALID_REQUEST, CONTENT_FILTERED, CANCELLED, TIMEOUT -> permit.release();
      default -> permit.failed(nanos, e);
    }
  }

  /**
   * The reader stopped before the end (a client that left, a guard that blocked the answer, a defect): nothing is
   * learned about the upstream, so the permission is released rather than counted either way.
   */
  public void abandoned() {
    if (settled.compareAndSet(false, true)) permit.release();
  }
}
