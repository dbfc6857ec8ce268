package dev.apprentice.eval.stats;

/**
 * A candidate against a baseline on the same items.
 *
 * @param difference candidate minus baseline (metric units; positive is higher, whether or not that is better)
 * @param interval   the 95% paired bootstrap interval of the difference
 * @param pValue     two-sided paired randomization (sign-flip) p-value for "no difference"
 * @param wins       items where the candidate did better (direction-aware), {@code ties} equal, {@code losses} worse
 * @param pairs      items both had a value for
 */
public record PairedResult(double difference, Interval interval, double pValue, int wins, int ties, int losses,
    int pairs) {

  /** Significant at level alpha (two-sided). */
  public boolean significant(double alpha) {
    return pValue < alpha;
  }
}
