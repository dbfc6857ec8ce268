package dev.apprentice.eval.report;

/**
 * A variant against the baseline on one metric, over the items both answered.
 *
 * @param difference variant minus baseline, in the metric's units
 * @param low        lower end of the 95% interval of the difference (NaN when there is none)
 * @param high       upper end
 * @param pValue     two-sided p-value of the paired randomization (sign-flip) test
 * @param better     true when the difference is significant (p &lt; 0.05) and in the metric's good direction
 * @param worse      true when significant and in the bad direction
 * @param interval   how the interval was made: {@code tango} (pass/fail metrics), {@code student_t} (the paired
 *                   t interval, other mean metrics), {@code bootstrap} (paired bootstrap, aggregate metrics),
 *                   {@code wilson_bound} (the same difference on every item), {@code none}
 * @param widenedToZero true when that method's interval left 0 out but the test found no significant difference, so
 *                   the interval was widened to reach 0 ({@link Comparisons}): it never claims a difference the
 *                   verdict and the gate do not
 * @param tooFewDiffering true when some items differ but so few (at most {@value Comparisons#TOO_FEW_DIFFERING}) that the
 *                   paired test could not reach p &lt; 0.05 whatever their differences: the comparison cannot tell
 */
public record Comparison(double difference, double low, double high, double pValue, int wins, int ties, int losses,
    int pairs, boolean better, boolean worse, String interval, boolean widenedToZero, boolean tooFewDiffering) {}
