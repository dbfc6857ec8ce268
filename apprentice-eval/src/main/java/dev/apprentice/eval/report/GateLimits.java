package dev.apprentice.eval.report;

import java.util.Locale;

/**
 * What the CI gate tolerates. Both are fractions in [0, 1]: a limit that is NaN would make every comparison with it
 * false, so a NaN or negative limit would silently switch its check off; such limits are refused instead.
 *
 * @param maxDrop      the largest significant drop of a metric allowed, as a fraction of the metric's scale (0.02 is
 *                     2 points of accuracy or of BLEU)
 * @param maxErrorRate the largest share of a variant's items whose call may have failed, in the run and in its
 *                     baseline: failed items are left out of every comparison, so a run that mostly failed would
 *                     otherwise be judged on the few items that worked
 */
public record GateLimits(double maxDrop, double maxErrorRate) {

  public static final double DEFAULT_MAX_DROP = 0.02;
  public static final double DEFAULT_MAX_ERROR_RATE = 0.02;

  public GateLimits {
    String problem = problem("max drop", maxDrop);
    if (problem == null) problem = problem("max error rate", maxErrorRate);
    if (problem != null) throw new IllegalArgumentException(problem);
  }

  /** The default error rate with the given drop. */
  public static GateLimits ofDrop(double maxDrop) {
    return new GateLimits(maxDrop, DEFAULT_MAX_ERROR_RATE);
  }

  /** Why {@code value} cannot be the limit called {@code name}, or null when it can (a finite number in [0, 1]). */
  public static String problem(String name, double value) {
    if (Double.isFinite(value) && value >= 0 && value <= 1) return null;
    return String.format(Locale.ROOT, "%s must be a fraction from 0 to 1 (0.02 is 2%%), not %s", name, value);
  }
}
