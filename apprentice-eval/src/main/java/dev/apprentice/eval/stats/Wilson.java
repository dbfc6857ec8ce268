package dev.apprentice.eval.stats;

/**
 * Wilson score intervals (95%) for a share of pass/fail outcomes ({@link Tango} gives the difference of two paired
 * shares). Unlike a percentile bootstrap, they do not shrink to a point when every item gives the same outcome: 10
 * passes of 10 is [0.72, 1], not [1, 1].
 */
public final class Wilson {

  /** The standard normal's 97.5th percentile: two-sided 95%. */
  static final double Z = 1.959963984540054;

  private Wilson() {}

  /**
   * The Wilson score interval of a share {@code proportion} of {@code n} items. A proportion need not be a count
   * over n: for the mean of n values that lie in [0, 1] it is a conservative interval, since such values vary at most
   * as much as pass/fail outcomes with the same mean do (their variance is at most mean × (1 − mean)).
   */
  public static Interval of(double proportion, int n) {
    if (n <= 0 || Double.isNaN(proportion)) return new Interval(Double.NaN, Double.NaN);
    double p = Math.min(1, Math.max(0, proportion));
    double z2 = Z * Z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denominator;
    double half = Z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    // at 0 and 1 one end is exactly the share itself (rounding would put it a hair inside)
    return new Interval(p == 0 ? 0 : Math.max(0, centre - half), p == 1 ? 1 : Math.min(1, centre + half));
  }
}
