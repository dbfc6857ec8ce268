package dev.apprentice.cli.bench;

import org.HdrHistogram.Histogram;

/** Percentiles of one latency distribution, in microseconds; {@code count} 0 means nothing was recorded. */
public record Latency(long count, long p50, long p90, long p99, long max, double mean) {

    public static final Latency EMPTY = new Latency(0, 0, 0, 0, 0, 0);

    /** Summarises a histogram recorded in microseconds. */
    public static Latency of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Latency(micros.getTotalCount(), micros.getValueAtPercentile(50), micros.getValueAtPercentile(90),
                micros.getValueAtPercentile(99), micros.getMaxValue(), micros.getMean());
    }

    public boolean isEmpty() {
        return count == 0;
    }
}
