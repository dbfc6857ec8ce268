package dev.apprentice.eval.metric;

import java.util.Map;

/**
 * What a metric made of one item in an evaluation run.
 *
 * @param value      the item's value on the metric's scale; NaN when the item could not be scored (see note)
 * @param statistics per-item sufficient statistics an {@link AggregateMetric} sums over the corpus (e.g. macro-F1's
 *                   per-class true and false positives); empty for metrics whose corpus value is the mean
 * @param costUsd    what scoring cost (an LLM judge's calls); 0 for local metrics
 * @param tokens     tokens the scoring used (an LLM judge's calls)
 * @param note       why the item was not scored, or a remark (e.g. "2 of 3 judge samples unparsed"); null if none
 */
public record Measurement(double value, Map<String, Double> statistics, double costUsd, long tokens, String note) {

  public Measurement {
    statistics = statistics == null ? Map.of() : Map.copyOf(statistics);
  }

  /** A plain value with nothing else to say. */
  public static Measurement of(double value) {
    return new Measurement(value, Map.of(), 0, 0, null);
  }

  /** An item that could not be scored, and why. */
  public static Measurement unscored(String why) {
    return new Measurement(Double.NaN, Map.of(), 0, 0, why);
  }

  /** False when the item has no value (an unparsed judge answer, a missing reference). */
  public boolean scored() {
    return !Double.isNaN(value);
  }
}
