package dev.apprentice.eval.suite;

import java.util.List;

/**
 * An evaluation suite (docs/evaluation.md): a dataset, the variants to compare, the metrics to score them with, and
 * how to run and judge the comparison.
 *
 * @param concurrency  calls in flight at once, over all variants
 * @param budgetUsd    the most the run may spend (model calls and judge calls), or null for no cap
 * @param baseline     the variant others are compared with (the first variant when the file names none)
 * @param seed         seeds the dataset's {@code sample}, the bootstrap and the randomization test, so a report is
 *                     the same every time it is made
 * @param pilotItems   items per variant run first to estimate the cost of the whole run (0: no estimate)
 * @param resamples    bootstrap resamples (where an interval is a bootstrap's), and the randomization test's random
 *                     arrangements when there are more than this many
 */
public record Suite(String name, DatasetSpec dataset, List<VariantSpec> variants, List<MetricSpec> metrics,
    int concurrency, Double budgetUsd, String baseline, long seed, int pilotItems, int resamples) {

  public Suite {
    variants = List.copyOf(variants);
    metrics = List.copyOf(metrics);
  }

  /** The variant with this name; throws when there is none. */
  public VariantSpec variant(String variantName) {
    return variants.stream().filter(v -> v.name().equals(variantName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the suite has no variant '" + variantName + "'"));
  }

  /** This suite reading its items from another file (the command line's {@code --dataset}). */
  public Suite withDatasetPath(String path) {
    DatasetSpec d = new DatasetSpec(path, dataset.format(), dataset.columns(), null, dataset.limit(), dataset.sample());
    return new Suite(name, d, variants, metrics, concurrency, budgetUsd, baseline, seed, pilotItems, resamples);
  }

  /** This suite with another budget cap (null: none). */
  public Suite withBudget(Double usd) {
    return new Suite(name, dataset, variants, metrics, concurrency, usd, baseline, seed, pilotItems, resamples);
  }
}
