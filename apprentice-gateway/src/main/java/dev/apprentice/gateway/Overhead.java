package dev.apprentice.gateway;

/**
 * The gateway's own time in a call, which {@code x-apprentice-overhead-ms}, the trace's {@code overhead_ms} and
 * {@code apprentice_gateway_overhead_seconds} report: the time since the call arrived, less the time its attempts
 * spent on upstreams and the waits before its retries (backoff, an upstream's Retry-After), which the gateway chose
 * to make rather than spent working. Chat calls ({@link Call#overheadNanos}) and embedding calls alike.
 */
public final class Overhead {

  private Overhead() {}

  /**
   * @param startNanos    when the call arrived ({@link System#nanoTime()})
   * @param nowNanos      the moment the overhead is taken at
   * @param upstreamNanos the time spent waiting on upstreams so far
   * @param waitedNanos   the time spent waiting before retries so far
   */
  public static long nanos(long startNanos, long nowNanos, long upstreamNanos, long waitedNanos) {
    return Math.max(0, nowNanos - startNanos - upstreamNanos - waitedNanos);
  }
}
