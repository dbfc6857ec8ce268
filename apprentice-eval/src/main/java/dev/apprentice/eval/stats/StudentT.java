package dev.apprentice.eval.stats;

/**
 * The Student-t interval of a mean, x̄ ± t·s/√n with t the 97.5th percentile of Student's t with n − 1 degrees of
 * freedom: 95% for normally distributed values at any n, and close to it for the bounded, skewed values of
 * evaluation metrics, where a percentile bootstrap of a few items falls short (it spreads the resampled means by the
 * plug-in deviation, s·√((n − 1)/n), and between normal-like percentiles: about 89% at n = 8, for normal values).
 */
public final class StudentT {

  /** Above this many degrees of freedom the percentile comes from its expansion around the normal's. */
  private static final int SERIES_LIMIT = 1000;

  private StudentT() {}

  /** The 95% interval of the mean of the values (NaN values left out); NaN ends for fewer than two values. */
  public static Interval ofMean(double[] values) {
    int n = 0;
    double sum = 0;
    for (double v : values) {
      if (Double.isNaN(v)) continue;
      n++;
      sum += v;
    }
    if (n < 2) return new Interval(Double.NaN, Double.NaN);
    double mean = sum / n;
    double squares = 0;
    for (double v : values) if (!Double.isNaN(v)) squares += (v - mean) * (v - mean);
    double half = critical(n - 1) * Math.sqrt(squares / (n - 1) / n);
    return new Interval(mean - half, mean + half);
  }

  /**
   * The 97.5th percentile of Student's t with {@code df} degrees of freedom, so that P(|T| ≤ t) = 95%: the central
   * share below, inverted by bisection, up to {@value #SERIES_LIMIT} degrees of freedom; beyond, the expansion of
   * Abramowitz and Stegun 26.7.5 in powers of 1/df, whose first left-out term is under 1e-11 there.
   */
  public static double critical(int df) {
    if (df < 1) throw new IllegalArgumentException("degrees of freedom must be at least 1: " + df);
    if (df > SERIES_LIMIT) return expansion(df);
    double low = 0;
    double high = Math.PI / 2;
    for (int i = 0; i < 64; i++) {
      double middle = (low + high) / 2;
      if (centralShare(middle, df) < Bootstrap.LEVEL) low = middle;
      else high = middle;
    }
    return Math.sqrt(df) * Math.tan((low + high) / 2);
  }

  /**
   * P(|T| ≤ √df·tan θ) for Student's t with {@code df} degrees of freedom, by the finite series of Abramowitz and
   * Stegun 26.7.3 (df odd) and 26.7.4 (df even): exact for whole degrees of freedom, no gamma function needed.
   */
  static double centralShare(double theta, int df) {
    double sin = Math.sin(theta);
    double cos = Math.cos(theta);
    double cos2 = cos * cos;
    if (df % 2 == 0) {
      double term = 1;
      double sum = 1;
      for (int k = 1; k <= (df - 2) / 2; k++) {
        term *= cos2 * (2 * k - 1) / (2 * k);
        sum += term;
      }
      return sin * sum;
    }
    double sum = 0;
    if (df > 1) {
      double term = cos;
      sum = cos;
      for (int k = 1; k <= (df - 3) / 2; k++) {
        term *= cos2 * (2 * k) / (2 * k + 1);
        sum += term;
      }
    }
    return 2 / Math.PI * (theta + sin * sum);
  }

  /** Abramowitz and Stegun 26.7.5: the t percentile from the normal's, z, in powers of 1/df. */
  private static double expansion(int df) {
    double z = Wilson.Z;
    double z2 = z * z;
    double g1 = z * (z2 + 1) / 4;
    double g2 = z * ((5 * z2 + 16) * z2 + 3) / 96;
    double g3 = z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384;
    double g4 = z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160;
    double v = df;
    return z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v);
  }
}
