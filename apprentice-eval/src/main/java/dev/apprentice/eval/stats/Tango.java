package dev.apprentice.eval.stats;

/**
 * Tango's asymptotic score interval (1998) of the difference of two paired shares, p1 − p2 = (b − c) / n for n pairs
 * of which b passed on the first side only and c on the second only: the differences Δ at which the score statistic
 * (b − c − nΔ) / √(n(2q̂ + Δ(1 − Δ))) lies within ±z, q̂ the maximum-likelihood share of second-only pairs given that
 * the difference is Δ. Recommended for small samples by Fagerland, Lydersen and Laake (2013); unlike Newcombe's
 * interval it depends only on b, c and n, so pairs that all agree give ±z² / (n + z²) whatever their outcomes, and
 * one discordant pair among them widens it rather than narrowing it (5, 1, 0, 4 both/first/second/neither:
 * [−0.205, 0.404], against Newcombe's [−0.068, 0.253] and ±0.278 for ten ties).
 */
public final class Tango {

  /** Halvings of the search bracket: 64 of at most [−1, 1] leave it narrower than 1e-18. */
  private static final int HALVINGS = 64;

  private Tango() {}

  /**
   * The 95% interval of the difference of the first and second shares passed over the same items.
   *
   * @param bothPass   items both passed
   * @param firstOnly  items only the first passed
   * @param secondOnly items only the second passed
   * @param neither    items neither passed
   */
  public static Interval pairedDifference(int bothPass, int firstOnly, int secondOnly, int neither) {
    int n = bothPass + firstOnly + secondOnly + neither;
    if (n == 0) return new Interval(Double.NaN, Double.NaN);
    double estimate = (firstOnly - secondOnly) / (double) n;
    return new Interval(end(firstOnly, secondOnly, n, estimate, -1), end(firstOnly, secondOnly, n, estimate, 1));
  }

  /**
   * The end of the interval on the side of {@code limit} (−1 or 1): the limit itself when the score statistic accepts
   * it, else found by bisection between the estimate (always accepted: the statistic is 0 there) and the limit; the
   * accepted differences form one interval around the estimate (the statistic falls as Δ rises).
   */
  private static double end(int b, int c, int n, double estimate, double limit) {
    if (accepts(b, c, n, limit)) return limit;
    double inside = estimate;
    double outside = limit;
    for (int i = 0; i < HALVINGS; i++) {
      double middle = (inside + outside) / 2;
      if (accepts(b, c, n, middle)) inside = middle;
      else outside = middle;
    }
    return inside;
  }

  /** Whether |score statistic| ≤ z at the difference Δ, compared squared so that 0 / 0 (Δ the estimate) accepts. */
  static boolean accepts(int b, int c, int n, double delta) {
    double excess = b - c - n * delta;
    double variance = n * (2 * secondOnlyShare(b, c, n, delta) + delta * (1 - delta));
    return excess * excess <= Wilson.Z * Wilson.Z * variance;
  }

  /**
   * The maximum-likelihood share q of second-only pairs when the first-only share is q + Δ: setting the derivative of
   * b ln(q + Δ) + c ln q + (n − b − c) ln(1 − 2q − Δ) to 0 gives 2n q² + B q + C = 0 with B = (2n − b + c)Δ − b − c and
   * C = −cΔ(1 − Δ), whose larger root (√(B² − 8nC) − B) / 4n this is, as Tango takes it: for Δ ≥ 0, C ≤ 0 and it is
   * the one non-negative root; for Δ &lt; 0, C ≥ 0 and B &lt; 0, both roots are non-negative, and −Δ lies between
   * them (the polynomial is bΔ(1 + Δ) ≤ 0 there), so the larger is the one whose first-only share q + Δ is a share.
   * It is written −2C / (B + √(B² − 8nC)) when B &gt; 0 (then Δ &gt; 0): the same root without the cancellation.
   */
  static double secondOnlyShare(int b, int c, int n, double delta) {
    double a = 2.0 * n;
    double linear = (2.0 * n - b + c) * delta - b - c;
    double constant = -c * delta * (1 - delta);
    double root = Math.sqrt(Math.max(0, linear * linear - 4 * a * constant));
    if (linear > 0) return -2 * constant / (linear + root);
    return (root - linear) / (2 * a);
  }
}
