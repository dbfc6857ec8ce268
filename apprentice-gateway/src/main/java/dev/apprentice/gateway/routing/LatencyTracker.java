package dev.apprentice.gateway.routing;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An exponentially weighted moving average of each target's latency (time to the full answer, or to the first chunk
 * for streams), updated lock-free from successful attempts.
 */
public final class LatencyTracker {

  private final double alpha;
  private final ConcurrentHashMap<String, AtomicLong> averages = new ConcurrentHashMap<>();

  public LatencyTracker(double alpha) {
    if (alpha <= 0 || alpha > 1) throw new IllegalArgumentException("alpha must be in (0, 1]");
    this.alpha = alpha;
  }

  public void record(String targetId, long nanos) {
    AtomicLong bits = averages.computeIfAbsent(targetId, k -> new AtomicLong(Double.doubleToRawLongBits(-1)));
    bits.updateAndGet(old -> {
      double previous = Double.longBitsToDouble(old);
      double next = previous < 0 ? nanos : previous + alpha * (nanos - previous);
      return Double.doubleToRawLongBits(next);
    });
  }

  /** The average in nanoseconds, or -1 when the target has no successful call yet. */
  public double average(String targetId) {
    AtomicLong bits = averages.get(targetId);
    return bits == null ? -1 : Double.longBitsToDouble(bits.get());
  }
}
