package dev.apprentice.eval.report;

import dev.apprentice.eval.suite.MetricSpec;
import dev.apprentice.eval.suite.Suite;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;

/**
 * One plain sentence per variant about its headline metric (the one with the largest weight) against the baseline:
 * "+2.1 points accuracy [0.8, 3.4] (p=0.003) for 4.3× the cost". Differences are in points of the metric's scale
 * (percentage points for 0-1 metrics).
 */
final class Verdicts {

  private Verdicts() {}

  static String of(Suite suite, String variant, Map<String, Comparison> vsBaseline, double costUsdPer1kRequests,
      double baselineCostUsdPer1kRequests, boolean noResults) {
    if (noResults) return "no successful items";
    if (variant.equals(suite.baseline())) return "baseline";
    MetricSpec headline = headline(suite);
    Comparison c = vsBaseline.get(headline.name());
    if (c == null) {
      // no pair: the two share no answered item, or the metric scored none of those they share
      return "not compared with the baseline " + suite.baseline() + " on " + headline.name() + ": no item both "
          + "answered has a value of it for both";
    }
    double points = 100 / headline.scale();
    String interval = Double.isNaN(c.low()) ? "[no interval]"
        : String.format(Locale.ROOT, "[%.1f, %.1f]", c.low() * points, c.high() * points);
    String diff = String.format(Locale.ROOT, "%+.1f points %s %s (p%s)", c.difference() * points, headline.name(),
        interval, c.pValue() < 0.001 ? "<0.001" : "=" + p(c.pValue()));
    String cost = cost(costUsdPer1kRequests, baselineCostUsdPer1kRequests);
    if (c.better()) return diff + " — better, " + cost + borderline(c);
    if (c.worse()) return diff + " — worse, " + cost + borderline(c);
    return "no significant difference: " + diff + ", " + cost + tooFew(c);
  }

  /** The note on a significant difference whose interval (Student-t, bootstrap) still reaches 0. */
  private static String borderline(Comparison c) {
    if (Double.isNaN(c.low()) || c.low() > 0 || c.high() < 0) return "";
    return " (borderline: the paired test decides, and its interval still reaches 0)";
  }

  /** The note on a comparison that could not have found a difference, however large. */
  private static String tooFew(Comparison c) {
    if (!c.tooFewDiffering()) return "";
    int differing = c.wins() + c.losses();
    return String.format(Locale.ROOT, " — too few items to tell: %d of %d item%s differ%s, and the paired test needs "
        + "at least %d that differ to find any difference significant at p < 0.05", differing, c.pairs(),
        c.pairs() == 1 ? "" : "s", differing == 1 ? "s" : "", Comparisons.TOO_FEW_DIFFERING + 1);
  }

  static MetricSpec headline(Suite suite) {
    return suite.metrics().stream().max(Comparator.comparingDouble(MetricSpec::weight)).orElseThrow();
  }

  static String cost(double cost, double baseline) {
    if (baseline > 0) return String.format(Locale.ROOT, "for %.1f× the cost", cost / baseline);
    if (cost > 0) return String.format(Locale.ROOT, "for $%.4f per 1,000 requests where the baseline cost nothing", cost);
    return "at no measured cost for either";
  }

  static String p(double p) {
    return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
  }
}
