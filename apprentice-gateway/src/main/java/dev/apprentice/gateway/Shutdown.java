package dev.apprentice.gateway;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;

/**
 * Whether the gateway is shutting down, and what that makes of the calls it cuts short. Once the server is told to
 * stop ({@link Gateway#stopping}), the web server lets calls in flight run for its grace period, then interrupts the
 * handlers still running: a call waiting on its upstream, a stream mid-way. Their attempt or read then fails as
 * cancelled (or, a socket closed by the interrupt, as a broken connection), which is the gateway's doing, not the
 * upstream's: such a failure becomes a {@link Cut}, which neither retries nor falls over nor counts against its
 * target's circuit (a cancellation), and which the call answers, traces and counts as 503 {@code shutting_down}
 * ({@link #refusal}) — the plain call's error and the stream's error event alike ({@link RouteFailures#notRoutable},
 * {@link StreamBreak}). One volatile read, and only when an attempt or a stream has failed.
 */
public final class Shutdown {

  private volatile boolean begun;

  /** From now on the calls cut short are the shutdown's; called once the server is told to stop. */
  void begin() {
    begun = true;
  }

  /** True once the gateway is shutting down. */
  boolean begun() {
    return begun;
  }

  /**
   * {@code failure} as the call records it: once the gateway is shutting down, one that is a cancellation or that
   * came with this thread interrupted (the web server cutting its handler short) is a {@link Cut}; any other as it is.
   */
  ProviderException failure(ProviderException failure) {
    if (!begun || failure instanceof Cut || failure.getCause() instanceof Cut) return failure;
    if (failure.kind() != ProviderException.Kind.CANCELLED && !Thread.currentThread().isInterrupted()) return failure;
    Cut cut = new Cut(failure);
    return failure instanceof BrokenOpening broken ? broken.by(cut) : cut;
  }

  /** The error of a call cut short by the shutdown ({@code failure}, an attempt's or a stream's), or null if not one. */
  static GatewayException refusal(ProviderException failure) {
    // a stream broken off in its held opening keeps the cut as its failure ({@link BrokenOpening#by})
    boolean cut = failure instanceof Cut || failure.getCause() instanceof Cut;
    return cut ? refusal("the call was cut short (" + failure.getMessage() + ")") : null;
  }

  /** 503 {@code shutting_down}, saying what the shutdown cut short. */
  static GatewayException refusal(String what) {
    return new GatewayException(ErrorCode.SHUTTING_DOWN, "the gateway is shutting down: " + what);
  }

  /** A failure the shutdown caused: a cancellation, whatever the attempt or read failed with, that failure its cause. */
  static final class Cut extends ProviderException {

    private Cut(ProviderException failure) {
      super(ProviderException.Kind.CANCELLED, failure);
    }
  }
}
