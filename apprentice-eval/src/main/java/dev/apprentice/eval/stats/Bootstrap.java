package dev.apprentice.eval.stats;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap: confidence intervals of any statistic of a sample of items, and the paired bootstrap test.
 * Every call draws from a fresh generator seeded with the same seed, so results do not depend on call order and a
 * report is the same every time it is made.
 */
public final class Bootstrap {

  /** The confidence level of intervals: 95%. */
  public static final double LEVEL = 0.95;

  private final long seed;
  private final int resamples;

  public Bootstrap(long seed, int resamples) {
    if (resamples < 1) throw new IllegalArgumentException("resamples must be at least 1");
    this.seed = seed;
    this.resamples = resamples;
  }

  /**
   * The 95% percentile interval of a statistic of {@code n} items. The statistic gets the item indices of one
   * resample (drawn with replacement, {@code n} of them); NaN results are left out.
   */
  public Interval interval(int n, ToDoubleFunction<int[]> statistic) {
    double[] draws = distribution(n, statistic);
    return percentileInterval(draws);
  }

  /**
   * The paired test of a difference statistic (candidate minus baseline on the same resampled items): the observed
   * difference on all items, its 95% interval, and the two-sided p-value from the bootstrap distribution shifted to
   * the null (the fraction of resamples whose difference is at least as far from the observed one as the observed
   * one is from 0, with the +1 correction).
   */
  public Estimate paired(int n, ToDoubleFunction<int[]> difference) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) all[i] = i;
    double observed = difference.applyAsDouble(all);
    double[] draws = distribution(n, difference);
    int extreme = 0;
    for (double d : draws) if (Math.abs(d - observed) >= Math.abs(observed) - 1e-12) extreme++;
    double p = (extreme + 1.0) / (draws.length + 1.0);
    return new Estimate(observed, percentileInterval(draws), Math.min(1, p));
  }

  /** A statistic, its interval and (for paired tests) its p-value. */
  public record Estimate(double value, Interval interval, double pValue) {}

  private double[] distribution(int n, ToDoubleFunction<int[]> statistic) {
    if (n == 0) return new double[0];
    SplittableRandom random = new SplittableRandom(seed);
    double[] draws = new double[resamples];
    int kept = 0;
    int[] sample = new int[n];
    for (int b = 0; b < resamples; b++) {
      for (int i = 0; i < n; i++) sample[i] = random.nextInt(n);
      double value = statistic.applyAsDouble(sample);
      if (!Double.isNaN(value)) draws[kept++] = value;
    }
    return java.util.Arrays.copyOf(draws, kept);
  }

  private static Interval percentileInterval(double[] draws) {
    if (draws.length == 0) return new Interval(Double.NaN, Double.NaN);
    java.util.Arrays.sort(draws);
    double tail = (1 - LEVEL) / 2 * 100;
    return new Interval(Percentiles.ofSorted(draws, tail), Percentiles.ofSorted(draws, 100 - tail));
  }
}
