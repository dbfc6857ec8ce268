package dev.apprentice.eval.metric;

import java.util.List;
import java.util.Map;

/** Measures items with any metric, and aggregates their values: the mean, or an {@link AggregateMetric}'s own. */
public final class Measurements {

  private Measurements() {}

  /**
   * One item's measurement. A plain {@link Metric} scores the output against the references (an item without
   * references is unscored); an exception inside the metric becomes an unscored measurement naming it. An Error
   * (a stack overflow in a regular expression, say) is thrown on: the runner stores it as the item's failure.
   */
  public static Measurement measure(Metric metric, EvalCase item) {
    Measurement measured;
    try {
      if (metric instanceof CaseMetric caseMetric) {
        measured = caseMetric.measure(item);
      } else {
        if (item.references().isEmpty()) return Measurement.unscored("the item has no reference");
        measured = Measurement.of(metric.score(item.output(), item.references()).value());
      }
    } catch (RuntimeException e) {
      return Measurement.unscored(metric.name() + " failed: " + e.getMessage());
    }
    return finite(metric, measured);
  }

  /**
   * The measurement, or an unscored one when its value or a statistic is not a finite number: one infinite item
   * value would make the corpus mean infinite and every paired test of it "significant", whatever the other items
   * say (and an infinite statistic would do the same to an aggregate). A NaN value with a note is how a metric says
   * it cannot score the item, and is kept as it is; statistics are dropped only when one of them is not finite.
   */
  private static Measurement finite(Metric metric, Measurement m) {
    String badStatistic = null;
    for (Map.Entry<String, Double> e : m.statistics().entrySet()) {
      if (badStatistic == null && !Double.isFinite(e.getValue())) badStatistic = e.getValue() + " for " + e.getKey();
    }
    boolean badValue = Double.isInfinite(m.value()) || Double.isNaN(m.value()) && m.note() == null;
    if (badStatistic == null && !badValue) return m;
    String bad = badStatistic != null ? badStatistic : String.valueOf(m.value());
    return new Measurement(Double.NaN, badStatistic != null ? Map.of() : m.statistics(), m.costUsd(), m.tokens(),
        metric.name() + " gave " + bad + ", not a finite number: the item is left unscored");
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
