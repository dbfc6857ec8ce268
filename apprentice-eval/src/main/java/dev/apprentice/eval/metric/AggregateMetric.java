package dev.apprentice.eval.metric;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A metric whose corpus value is not the mean of its item values: it is computed from the items' summed
 * {@link Measurement#statistics} (macro-F1 from per-class counts), as sacreBLEU computes corpus BLEU from summed
 * n-gram counts. Confidence intervals resample items, sum their statistics and call {@link #fromSums} on each
 * resample, so it should be cheap.
 */
public interface AggregateMetric extends CaseMetric {

  /** The corpus value from the statistics summed over the items; NaN when there is nothing to aggregate. */
  double fromSums(Map<String, Double> sums);

  /** The corpus value of these items: their statistics summed, then {@link #fromSums}. */
  default double aggregate(List<Measurement> items) {
    Map<String, Double> sums = new HashMap<>();
    for (Measurement m : items) {
      for (Map.Entry<String, Double> e : m.statistics().entrySet()) sums.merge(e.getKey(), e.getValue(), Double::sum);
    }
    return fromSums(sums);
  }
}
