package dev.apprentice.eval.stats;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * The paired randomization test (sign-flip, or approximate randomization as sacreBLEU's {@code --paired-ar}): if
 * the two variants do not differ, each item's two values could as well have been the other way round, so the
 * observed difference is compared with the differences of the arrangements where items' values trade places. The
 * two-sided p-value is the share of arrangements whose difference is at least as far from 0 as the observed one.
 * With {@code n} items there are {@code 2^n} arrangements: all are counted when there are at most
 * {@code resamples} of them (the exact test: one item gives p = 1, three identical losses p = 2/8), else
 * {@code resamples} random ones with the +1 correction.
 */
final class SignFlip {

  private static final double TOLERANCE = 1e-12;

  private SignFlip() {}

  /**
   * @param pooledCorpus the corpus value of pooled positions: i &lt; n is the candidate's item i, n + i the
   *     baseline's
   */
  static double pValue(int n, double observed, ToDoubleFunction<int[]> pooledCorpus, long seed, int resamples) {
    // an infinite difference (an aggregate metric's) has no distance to compare: no test, not "p = 0"
    if (n == 0 || !Double.isFinite(observed)) return 1;
    boolean exact = n < 31 && (1L << n) <= resamples;
    long arrangements = exact ? 1L << n : resamples;
    SplittableRandom random = new SplittableRandom(seed);
    int[] candidate = new int[n];
    int[] baseline = new int[n];
    double least = Math.abs(observed) - TOLERANCE * Math.max(1, Math.abs(observed));
    long extreme = 0;
    long counted = 0;
    for (long k = 0; k < arrangements; k++) {
      for (int i = 0; i < n; i++) {
        boolean traded = exact ? (k >>> i & 1) == 1 : random.nextBoolean();
        candidate[i] = traded ? n + i : i;
        baseline[i] = traded ? i : n + i;
      }
      double d = pooledCorpus.applyAsDouble(candidate) - pooledCorpus.applyAsDouble(baseline);
      if (Double.isNaN(d)) continue;
      counted++;
      if (Math.abs(d) >= least) extreme++;
    }
    if (counted == 0) return 1;
    return exact ? extreme / (double) counted : Math.min(1, (extreme + 1.0) / (counted + 1.0));
  }
}
