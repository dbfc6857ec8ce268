package dev.apprentice.eval.metric.bleu;

import java.util.Arrays;

/**
 * BLEU's sufficient statistics, summed over sentences: hypothesis and (closest) reference lengths, and per n-gram
 * order the clipped matches and the hypothesis n-grams.
 */
public record BleuStatistics(long sysLen, long refLen, long[] correct, long[] total) {

  public BleuStatistics {
    if (correct.length != total.length) throw new IllegalArgumentException("correct and total differ in length");
    correct = correct.clone();
    total = total.clone();
  }

  public static BleuStatistics zero(int maxOrder) {
    return new BleuStatistics(0, 0, new long[maxOrder], new long[maxOrder]);
  }

  public BleuStatistics plus(BleuStatistics other) {
    long[] c = correct.clone();
    long[] t = total.clone();
    for (int n = 0; n < c.length; n++) {
      c[n] += other.correct[n];
      t[n] += other.total[n];
    }
    return new BleuStatistics(sysLen + other.sysLen, refLen + other.refLen, c, t);
  }

  @Override
  public long[] correct() {
    return correct.clone();
  }

  @Override
  public long[] total() {
    return total.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BleuStatistics that && sysLen == that.sysLen && refLen == that.refLen
        && Arrays.equals(correct, that.correct) && Arrays.equals(total, that.total);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(sysLen) * 31 + Long.hashCode(refLen) + Arrays.hashCode(correct) * 17 + Arrays.hashCode(total);
  }

  @Override
  public String toString() {
    return "BleuStatistics[sysLen=" + sysLen + ", refLen=" + refLen + ", correct=" + Arrays.toString(correct)
        + ", total=" + Arrays.toString(total) + "]";
  }
}
