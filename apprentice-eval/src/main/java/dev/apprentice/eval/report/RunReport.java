package dev.apprentice.eval.report;

import java.util.List;

/**
 * The report of one evaluation run: what JSON, Markdown and HTML render.
 *
 * @param startedAt ISO-8601 instant
 * @param endedAt   ISO-8601 instant, or null while running
 * @param items     items in the dataset that have a result for at least one variant
 * @param seed      the bootstrap seed (the same seed and data give the same report)
 */
public record RunReport(String runId, String suite, String status, String startedAt, String endedAt, String baseline,
    List<MetricInfo> metrics, List<VariantResult> variants, int items, long seed, int resamples) {

  /** A metric as the suite defines it. */
  public record MetricInfo(String name, String metric, Double threshold, double weight, boolean higherIsBetter,
      double scale) {}

  public VariantResult variant(String name) {
    return variants.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
  }
}
