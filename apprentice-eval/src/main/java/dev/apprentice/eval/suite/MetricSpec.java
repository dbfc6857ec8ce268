package dev.apprentice.eval.suite;

import java.util.Map;

/**
 * One metric of a suite.
 *
 * @param name           the name results and reports use (unique in the suite)
 * @param metric         the registry name of the metric ({@code accuracy}, {@code bleu}, {@code llm_judge}...)
 * @param settings       the metric's settings
 * @param threshold      an item passes when its value is at least this (at most, for lower-is-better metrics);
 *                       null: no pass rate
 * @param weight         the metric's weight in a variant's overall quality (0 leaves it out)
 * @param minPassRate    {@code eval gate} fails a variant whose pass rate is below this, or null
 * @param higherIsBetter false for metrics such as TER
 * @param scale          the top of the metric's usual range (1, or 100 for sacreBLEU-style metrics): differences
 *                       are reported in points of this scale, and the overall quality divides by it
 */
public record MetricSpec(String name, String metric, Map<String, Object> settings, Double threshold, double weight,
    Double minPassRate, boolean higherIsBetter, double scale) {

  public MetricSpec {
    settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
  }

  /** Whether an item value passes the threshold (always true without one). */
  public boolean passes(double value) {
    if (threshold == null) return true;
    return higherIsBetter ? value >= threshold : value <= threshold;
  }
}
