package dev.apprentice.cli.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * The cumulative buckets of a gateway's own {@code apprentice_gateway_overhead_seconds} histogram, as its Prometheus
 * endpoint shows them (summed over every label set), so that two readings taken around a run give the distribution
 * of the gateway's in-process overhead for that run alone. Quantiles are bucket bounds: "p99 ≤ 250 µs".
 */
record OverheadHistogram(TreeMap<Double, Double> cumulative) {

    static final String METRIC = "apprentice_gateway_overhead_seconds_bucket";
    /** The whole non-streamed call, measured after the trace was built and the answer written. */
    static final String ANSWERED_METRIC = "apprentice_gateway_answered_overhead_seconds_bucket";
    static final OverheadHistogram EMPTY = new OverheadHistogram(new TreeMap<>());

    /** Reads the overhead buckets from a Prometheus text exposition; other metrics and malformed lines are skipped. */
    static OverheadHistogram parse(String exposition) {
        return parse(exposition, METRIC);
    }

    /** Reads the buckets of the histogram {@code metric} (its {@code _bucket} series) from a Prometheus exposition. */
    static OverheadHistogram parse(String exposition, String metric) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(metric + "{")) {
                continue;
            }
            int le = line.indexOf("le=\"");
            int close = line.lastIndexOf('}');
            if (le < 0 || close < le) {
                continue;
            }
            String bound = line.substring(le + 4, line.indexOf('"', le + 4));
            try {
                double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
                double count = Double.parseDouble(line.substring(close + 1).trim().split(" ")[0]);
                buckets.merge(upper, count, Double::sum);
            } catch (NumberFormatException e) {
                // not a sample this reader understands: leave it out
            }
        }
        return new OverheadHistogram(buckets);
    }

    /** The calls counted since {@code earlier}, bucket by bucket. */
    OverheadHistogram since(OverheadHistogram earlier) {
        TreeMap<Double, Double> delta = new TreeMap<>();
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            delta.put(bucket.getKey(), bucket.getValue() - earlier.cumulative.getOrDefault(bucket.getKey(), 0.0));
        }
        return new OverheadHistogram(delta);
    }

    long count() {
        return cumulative.isEmpty() ? 0 : Math.round(cumulative.lastEntry().getValue());
    }

    /** The smallest bucket bound, in seconds, under which at least {@code quantile} of the calls fall; NaN if none. */
    double upperBound(double quantile) {
        long count = count();
        if (count == 0) {
            return Double.NaN;
        }
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= quantile * count) {
                return bucket.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** The share of calls over {@code seconds}, a bucket bound; NaN if none or {@code seconds} is no bound. */
    double shareOver(double seconds) {
        Double within = cumulative.get(seconds);
        long count = count();
        return within == null || count == 0 ? Double.NaN : 1 - within / count;
    }
}
