package dev.apprentice.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.HdrHistogram.Histogram;

/** Times an operation call by call into an HdrHistogram of nanoseconds, and formats its percentiles. */
final class Latency {

  /** A timed run: the latencies, and the garbage collections that happened while it was timed. */
  record Run(Histogram histogram, long collections, long collectionMillis) {

    /** {@code p50 | p90 | p99 | p99.9 | max} in microseconds, then {@code collections (ms)}, as Markdown cells. */
    String cells() {
      Histogram h = histogram;
      return String.format(Locale.ROOT, "%.0f | %.0f | %.0f | %.0f | %.0f | %d (%d ms)", us(h, 50), us(h, 90),
          us(h, 99), us(h, 99.9), h.getMaxValue() / 1e3, collections, collectionMillis);
    }
  }

  private Latency() {}

  /** Runs {@code op(i)} {@code warmup} times untimed, then {@code n} times timed. */
  static Run measure(int warmup, int n, IntConsumer op) {
    for (int i = 0; i < warmup; i++) op.accept(i);
    Histogram histogram = histogram();
    long[] gcBefore = collections();
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      op.accept(warmup + i);
      histogram.recordValue(System.nanoTime() - start);
    }
    long[] gcAfter = collections();
    return new Run(histogram, gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1]);
  }

  static Histogram histogram() {
    return new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
  }

  /** {@code p50 | p99} in milliseconds, as Markdown cells. */
  static String millis(Histogram h) {
    return String.format(Locale.ROOT, "%.2f | %.2f", h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(99) / 1e6);
  }

  private static long[] collections() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    return new long[] {count, millis};
  }

  private static double us(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1e3;
  }
}
