package dev.apprentice.eval.metric;

import java.util.List;

/** Measures items with any metric, and aggregates their values: the mean, or an {@link AggregateMetric}'s own. */
public final class Measurements {

  private Measurements() {}

  /**
   * One item's measurement. A plain {@link Metric} scores the output against the references (an item without
   * references is unscored); an exception inside the metric becomes an unscored measurement naming it. An Error
   * (a stack overflow in a regular expression, say) is thrown on: the runner stores it as the item's failure.
   */
  public static Measurement measure(Metric metric, EvalCase item) {
    try {
      if (metric instanceof CaseMetric caseMetric) return caseMetric.measure(item);
      if (item.references().isEmpty()) return Measurement.unscored("the item has no reference");
      return Measurement.of(metric.score(item.output(), item.references()).value());
    } catch (RuntimeException e) {
      return Measurement.unscored(metric.name() + " failed: " + e.getMessage());
    }
  }

  /** The corpus value of the items: the metric's own aggregate, else the mean of the scored values (NaN if none). */
  public static double aggregate(Metric metric, List<Measurement> items) {
    if (metric instanceof AggregateMetric aggregate) return aggregate.aggregate(items);
    double sum = 0;
    int n = 0;
    for (Measurement m : items) {
      if (m.scored()) {
        sum += m.value();
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
