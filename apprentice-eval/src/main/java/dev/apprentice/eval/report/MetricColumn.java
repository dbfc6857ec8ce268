package dev.apprentice.eval.report;

import dev.apprentice.eval.metric.AggregateMetric;
import dev.apprentice.eval.metric.Measurement;
import dev.apprentice.eval.metric.Metric;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One variant's measurements of one metric on a list of items (position i is the i-th item of the list), with the
 * metric's corpus value of any resample of those positions: the mean of the scored values, or an
 * {@link AggregateMetric}'s own aggregate.
 */
final class MetricColumn {

  private final Metric metric;
  private final double[] values;
  /** For an aggregate metric: the statistic names, and per position the name indices and amounts it adds. */
  private final String[] keys;
  private final int[][] keyIds;
  private final double[][] amounts;

  MetricColumn(Metric metric, List<Measurement> measurements) {
    this.metric = metric;
    this.values = new double[measurements.size()];
    for (int i = 0; i < values.length; i++) values[i] = measurements.get(i).value();
    Map<String, Integer> ids = new HashMap<>();
    keyIds = new int[values.length][];
    amounts = new double[values.length][];
    if (metric instanceof AggregateMetric) {
      for (int i = 0; i < values.length; i++) {
        Map<String, Double> stats = measurements.get(i).statistics();
        keyIds[i] = new int[stats.size()];
        amounts[i] = new double[stats.size()];
        int k = 0;
        for (Map.Entry<String, Double> e : stats.entrySet()) {
          keyIds[i][k] = ids.computeIfAbsent(e.getKey(), key -> ids.size());
          amounts[i][k++] = e.getValue();
        }
      }
    }
    keys = new String[ids.size()];
    ids.forEach((key, id) -> keys[id] = key);
  }

  int size() {
    return values.length;
  }

  /** Whether the corpus value is the metric's own aggregate of the items' statistics rather than their mean. */
  boolean aggregate() {
    return metric instanceof AggregateMetric;
  }

  /** The item value at a position (NaN when unscored). */
  double value(int position) {
    return values[position];
  }

  /** The corpus value of all positions. */
  double corpus() {
    int[] all = new int[values.length];
    for (int i = 0; i < all.length; i++) all[i] = i;
    return corpus(all);
  }

  /** The corpus value of these positions (repeats allowed, as a bootstrap resample has). */
  double corpus(int[] positions) {
    if (metric instanceof AggregateMetric aggregate) {
      double[] sums = new double[keys.length];
      boolean[] seen = new boolean[keys.length];
      for (int p : positions) {
        for (int k = 0; k < keyIds[p].length; k++) {
          sums[keyIds[p][k]] += amounts[p][k];
          seen[keyIds[p][k]] = true;
        }
      }
      Map<String, Double> named = new HashMap<>();
      for (int k = 0; k < keys.length; k++) if (seen[k]) named.put(keys[k], sums[k]);
      return aggregate.fromSums(named);
    }
    double sum = 0;
    int n = 0;
    for (int p : positions) {
      double v = values[p];
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  int scored() {
    int n = 0;
    for (double v : values) if (!Double.isNaN(v)) n++;
    return n;
  }
}
