package dev.apprentice.eval.stats;

import java.util.Arrays;

/** Percentiles with linear interpolation between order statistics (numpy's default). */
public final class Percentiles {

  private Percentiles() {}

  /** The q-th percentile (0-100) of the values; NaN for none. Does not modify the array. */
  public static double of(double[] values, double q) {
    if (values.length == 0) return Double.NaN;
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return ofSorted(sorted, q);
  }

  /** The q-th percentile (0-100) of values already sorted ascending. */
  public static double ofSorted(double[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    double rank = q / 100.0 * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    int above = Math.min(below + 1, sorted.length - 1);
    double fraction = rank - below;
    return sorted[below] + (sorted[above] - sorted[below]) * fraction;
  }
}
