package dev.apprentice.api;

import java.time.Duration;
import java.util.Map;

/**
 * What a provider may know about the call it serves: the trace id, its deadlines, caller metadata, and the most
 * output tokens the gateway's limits allow it.
 *
 * @param deadlineNanos      {@link System#nanoTime()} value after which the call must give up
 * @param startDeadlineNanos by when the upstream must have started answering (status and headers received): for a
 *                           stream, the time-to-first-token limit; a stream that has started runs on to
 *                           {@code deadlineNanos}. Never later than {@code deadlineNanos}.
 * @param outputTokenCap     for a request that sets no output limit, the most output tokens per choice the call may
 *                           produce (what its budget or TPM reservation holds); the provider sends it upstream as
 *                           the request's limit (or its own default when that is lower). Null: no cap.
 * @param upstreamStatus     where the provider leaves the 2xx status its upstream answered this attempt with, for the
 *                           attempt's trace (a fresh one when null)
 * @param cutoff             where the provider guards what it reads of this attempt's answer, so that the attempt's
 *                           time limit can cut a read that stalls (a fresh one, which nobody cuts, when null)
 */
public record CallContext(String traceId, long deadlineNanos, Map<String, String> headers, long startDeadlineNanos,
    Integer outputTokenCap, UpstreamStatus upstreamStatus, Cutoff cutoff) {

  public CallContext {
    if (startDeadlineNanos - deadlineNanos > 0) startDeadlineNanos = deadlineNanos;
    if (upstreamStatus == null) upstreamStatus = new UpstreamStatus();
    if (cutoff == null) cutoff = new Cutoff();
  }

  /** A context whose answer nobody cuts off but its deadlines. */
  public CallContext(String traceId, long deadlineNanos, Map<String, String> headers, long startDeadlineNanos,
      Integer outputTokenCap, UpstreamStatus upstreamStatus) {
    this(traceId, deadlineNanos, headers, startDeadlineNanos, outputTokenCap, upstreamStatus, null);
  }

  /** A context whose answer's status nobody reads. */
  public CallContext(String traceId, long deadlineNanos, Map<String, String> headers, long startDeadlineNanos,
      Integer outputTokenCap) {
    this(traceId, deadlineNanos, headers, startDeadlineNanos, outputTokenCap, null);
  }

  /** A context without an output token cap. */
  public CallContext(String traceId, long deadlineNanos, Map<String, String> headers, long startDeadlineNanos) {
    this(traceId, deadlineNanos, headers, startDeadlineNanos, null);
  }

  /** A context whose answer may start as late as the deadline (a call that is not streamed). */
  public CallContext(String traceId, long deadlineNanos, Map<String, String> headers) {
    this(traceId, deadlineNanos, headers, deadlineNanos);
  }

  public static CallContext withTimeout(String traceId, Duration timeout) {
    return new CallContext(traceId, System.nanoTime() + timeout.toNanos(), Map.of());
  }

  /** Time left before the deadline; zero or negative once it has passed. */
  public Duration remaining() {
    return Duration.ofNanos(deadlineNanos - System.nanoTime());
  }

  /** Time left for the upstream to start answering; zero or negative once that has passed. */
  public Duration remainingToStart() {
    return Duration.ofNanos(startDeadlineNanos - System.nanoTime());
  }

  public boolean expired() {
    return deadlineNanos - System.nanoTime() <= 0;
  }
}
