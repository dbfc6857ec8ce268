package dev.apprentice.api;

/**
 * The HTTP status an upstream answered one attempt with, once its answer began: where a provider leaves a success's
 * 2xx (a failure carries its own, {@link ProviderException#status}) for the attempt's trace, also when the gateway
 * then gives the attempt up with a failure of its own that carries none. 0 until then, and for a
 * provider that asks no HTTP upstream. One per attempt, written and read on the thread that makes the attempt: a
 * stream's status is set before {@link ChatProvider#stream} returns, never per chunk.
 */
public final class UpstreamStatus {

  private int status;

  /** The upstream began its answer with {@code status}. */
  public void answered(int status) {
    this.status = status;
  }

  /** The status the answer began with; 0 when none came. */
  public int status() {
    return status;
  }
}
