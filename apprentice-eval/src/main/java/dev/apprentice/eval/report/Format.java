package dev.apprentice.eval.report;

import java.util.Locale;

/** Number formats shared by the Markdown and HTML reports. */
final class Format {

  private Format() {}

  /**
   * What the variants table's cost, errors and refused columns count, said under the table by both reports: a refusal
   * for a key's limits must read neither as the model failing nor as a bad item.
   */
  static final String COLUMNS = "cost / 1k req: what 1,000 successful item calls cost, in USD (their mean cost ×"
      + " 1,000; judge calls are not in it). errors: items whose call or scoring failed, left out of the metrics and"
      + " counted as not passing in pass rates. refused (limits): items the gateway refused for the key's or tenant's"
      + " budget or rate limit, so not run: neither the model's failure nor the dataset's; left out of the metrics"
      + " and of pass rates (resume the run once the limit allows).";

  /** A metric value with three significant decimals on 0-1 scales, one on 0-100 scales; "–" for none. */
  static String value(double v, double scale) {
    if (Double.isNaN(v)) return "–";
    return String.format(Locale.ROOT, scale > 1 ? "%.1f" : "%.3f", v);
  }

  static String withInterval(MetricResult r, double scale) {
    if (r == null) return "–";
    if (Double.isNaN(r.mean())) return value(r.mean(), scale);
    if (Double.isNaN(r.low())) return value(r.mean(), scale) + " [no interval, n=" + r.scored() + "]";
    return value(r.mean(), scale) + " " + interval(r.low(), r.high(), scale);
  }

  /** "[0.722, 1.000]", or "[no interval]" when none could be made without claiming certainty (NaN ends). */
  static String interval(double low, double high, double scale) {
    if (Double.isNaN(low) || Double.isNaN(high)) return "[no interval]";
    return "[" + value(low, scale) + ", " + value(high, scale) + "]";
  }

  /** The intervals' methods ({@link Intervals}), and the p-values', said once under a report's title. */
  static String intervalMethods(int resamples, long seed) {
    return "95% intervals: Wilson score for pass/fail metrics (Tango's score interval for their differences), "
        + "Student's t for other means and their differences (a Wilson bound where every item scored alike), "
        + "percentile bootstrap for aggregate metrics (macro-F1) and the quality of several metrics where some item "
        + "has no quality of its own; p from the paired "
        + "randomization test (" + resamples + " resamples, seed " + seed + ")";
  }

  static String usd(double usd) {
    if (usd == 0) return "$0";
    return usd >= 0.01 ? String.format(Locale.ROOT, "$%.2f", usd) : String.format(Locale.ROOT, "$%.6f", usd);
  }

  static String millis(double ms) {
    return Double.isNaN(ms) ? "–" : String.format(Locale.ROOT, "%.0f", ms);
  }

  static String percent(Double fraction) {
    return fraction == null ? "–" : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }

  static String change(Comparison c, double scale) {
    return String.format(Locale.ROOT, "%+." + (scale > 1 ? "1" : "3") + "f", c.difference());
  }

  /** A comparison's p-value, marked when too few items differ for any difference to be significant. */
  static String p(Comparison c) {
    return Verdicts.p(c.pValue()) + (c.tooFewDiffering() ? " (too few items differ to tell)" : "");
  }

  /** "3 judge calls failed, 1 answer unparsed" for a metric whose own calls failed or went unread; else null. */
  static String judgeCounts(MetricResult r) {
    if (r == null || r.callsFailed() == 0 && r.unparsed() == 0) return null;
    String failed = r.callsFailed() == 0 ? null
        : r.callsFailed() + " judge call" + (r.callsFailed() == 1 ? "" : "s") + " failed";
    String unparsed = r.unparsed() == 0 ? null
        : r.unparsed() + " answer" + (r.unparsed() == 1 ? "" : "s") + " unparsed";
    return failed == null ? unparsed : unparsed == null ? failed : failed + ", " + unparsed;
  }
}
