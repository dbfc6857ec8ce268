package dev.apprentice.eval.stats;

/**
 * Wilson score intervals (95%): for a share of pass/fail outcomes, and Newcombe's interval for the difference of two
 * paired shares built from them. Unlike a percentile bootstrap, they do not shrink to a point when every item gives
 * the same outcome: 10 passes of 10 is [0.72, 1], not [1, 1].
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

  /**
   * Newcombe's interval (his method 10, 1998) of the difference p1 − p2 of two shares measured on the same items:
   * each share's Wilson interval, combined with the correlation of the pairs. Where no pair is discordant and both
   * outcomes occur (7 both passed, 3 neither) the correlation is 1 and his interval shrinks to a sliver or a point
   * ([-0.111, 0.111]; 5 and 5: [0, 0]), narrower than ten ties that all passed ([-0.278, 0.278]); since the difference
   * is at most the share of discordant pairs, the interval is then ± the Wilson upper bound of 0 discordant pairs of
   * n, which is also what his method gives when every pair passed or every pair failed, and what Tango's score
   * interval gives whenever no pair is discordant: z² / (n + z²).
   *
   * @param bothPass   items both passed
   * @param firstOnly  items only the first passed
   * @param secondOnly items only the second passed
   * @param neither    items neither passed
   */
  public static Interval pairedDifference(int bothPass, int firstOnly, int secondOnly, int neither) {
    int n = bothPass + firstOnly + secondOnly + neither;
    if (n == 0) return new Interval(Double.NaN, Double.NaN);
    if (firstOnly + secondOnly == 0) {
      double discordant = of(0, n).high();
      return new Interval(-discordant, discordant);
    }
    double p1 = (bothPass + firstOnly) / (double) n;
    double p2 = (bothPass + secondOnly) / (double) n;
    Interval first = of(p1, n);
    Interval second = of(p2, n);
    double product = (double) (bothPass + firstOnly) * (secondOnly + neither) * (bothPass + secondOnly)
        * (firstOnly + neither);
    double phi = product == 0 ? 0
        : ((double) bothPass * neither - (double) firstOnly * secondOnly) / Math.sqrt(product);
    double below = Math.sqrt(square(p1 - first.low()) - 2 * phi * (p1 - first.low()) * (second.high() - p2)
        + square(second.high() - p2));
    double above = Math.sqrt(square(first.high() - p1) - 2 * phi * (first.high() - p1) * (p2 - second.low())
        + square(p2 - second.low()));
    double difference = p1 - p2;
    return new Interval(Math.max(-1, difference - below), Math.min(1, difference + above));
  }

  private static double square(double x) {
    return x * x;
  }
}
