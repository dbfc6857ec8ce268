package dev.apprentice.eval.stats;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap: confidence intervals of any statistic of a sample of items and of a paired difference, and
 * the paired comparison's p-value by the paired randomization test.
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
   * The paired comparison of a candidate with a baseline on the same {@code n} items. {@code pooledCorpus} gives the
   * corpus value of any list of pooled positions: position i &lt; n is the candidate's item i, position n + i the
   * baseline's. The estimate is the observed difference (candidate minus baseline on all items) and the two-sided
   * p-value of the paired randomization test ({@link SignFlip}), which unlike a bootstrap p-value stays right when
   * every resample gives the same difference (one item, or a few identical ones). Its interval, where a report takes
   * the paired bootstrap's, is {@link #pairedInterval}.
   */
  public Estimate paired(int n, ToDoubleFunction<int[]> pooledCorpus) {
    double observed = pooledCorpus.applyAsDouble(positions(0, n)) - pooledCorpus.applyAsDouble(positions(n, n));
    return new Estimate(observed, SignFlip.pValue(n, observed, pooledCorpus, seed, resamples));
  }

  /**
   * The 95% paired bootstrap interval of the difference, candidate minus baseline, of {@code n} pooled items (as
   * {@link #paired}): each resample draws the same items for both.
   */
  public Interval pairedInterval(int n, ToDoubleFunction<int[]> pooledCorpus) {
    int[] baseline = new int[n];
    return percentileInterval(distribution(n, sample -> {
      for (int i = 0; i < n; i++) baseline[i] = n + sample[i];
      return pooledCorpus.applyAsDouble(sample) - pooledCorpus.applyAsDouble(baseline);
    }));
  }

  /** A paired difference and its p-value. */
  public record Estimate(double value, double pValue) {}

  private static int[] positions(int from, int n) {
    int[] positions = new int[n];
    for (int i = 0; i < n; i++) positions[i] = from + i;
    return positions;
  }

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
