package dev.apprentice.eval.report;

import dev.apprentice.eval.metric.AggregateMetric;
import dev.apprentice.eval.metric.Measurement;
import dev.apprentice.eval.metric.Metric;
import dev.apprentice.eval.stats.Bootstrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The paired comparison of a candidate with a baseline on one metric: over the items both have a value for (for an
 * aggregate metric, the items both answered), the corpus difference, its 95% interval ({@link Intervals}: Tango's
 * for pass/fail metrics, the paired Student-t interval for other means, else the paired bootstrap's), the paired
 * randomization test's p-value, and per-item wins, ties and losses.
 *
 * <p>The test decides "better" and "worse" (and so the verdict and the gate); the interval is made to agree with it.
 * Where the test finds no significant difference but the interval's method leaves 0 out — Tango's asymptotic score
 * interval against the exact test of a few differing items (four losses of four: [−1, −0.020] and p = 0.125) — the
 * interval is widened to reach 0: the smallest interval holding both the method's interval and 0, the difference the
 * test could not reject, so it is never narrower (its coverage never lower) than the method's.
 */
public final class Comparisons {

  /** Significance level of "better" and "worse". */
  public static final double ALPHA = 0.05;
  /**
   * The most items that may differ with no difference ever significant: flipping the signs of all k differing items
   * gives a difference as far from 0 as the observed one, so p is at least 2 / 2^k, and 2 / 2^5 = 0.0625.
   */
  public static final int TOO_FEW_DIFFERING = 5;
  private static final double TIE = 1e-9;

  private Comparisons() {}

  /**
   * @param scale     the top of the metric's range (its interval's method depends on it: {@link Intervals})
   * @param candidate the candidate's measurements by item index
   * @param baseline  the baseline's measurements by item index
   * @return the comparison, or null when no item can be paired
   */
  public static Comparison compare(Metric metric, boolean higherIsBetter, double scale,
      Map<Integer, Measurement> candidate, Map<Integer, Measurement> baseline, Bootstrap bootstrap) {
    boolean aggregate = metric instanceof AggregateMetric;
    List<Measurement> a = new ArrayList<>();
    List<Measurement> b = new ArrayList<>();
    for (Map.Entry<Integer, Measurement> e : candidate.entrySet()) {
      Measurement other = baseline.get(e.getKey());
      if (other == null) continue;
      if (!aggregate && (!e.getValue().scored() || !other.scored())) continue;
      a.add(e.getValue());
      b.add(other);
    }
    if (a.isEmpty()) return null;
    int n = a.size();
    List<Measurement> pooled = new ArrayList<>(a);
    pooled.addAll(b);
    MetricColumn column = new MetricColumn(metric, pooled);
    Bootstrap.Estimate estimate = bootstrap.paired(n, column::corpus);
    boolean significant = estimate.pValue() < ALPHA;
    Intervals.Chosen method = Intervals.ofDifference(column, n, scale, bootstrap);
    Intervals.Chosen ci = significant ? method : method.reachingZero();
    double sign = higherIsBetter ? 1 : -1;
    int wins = 0;
    int ties = 0;
    int losses = 0;
    for (int i = 0; i < n; i++) {
      double d = sign * (column.value(i) - column.value(n + i));
      if (Double.isNaN(d) || Math.abs(d) <= TIE) ties++;
      else if (d > 0) wins++;
      else losses++;
    }
    double good = sign * estimate.value();
    boolean tooFew = !aggregate && wins + losses > 0 && wins + losses <= TOO_FEW_DIFFERING;
    return new Comparison(estimate.value(), ci.low(), ci.high(), estimate.pValue(), wins, ties, losses, a.size(),
        significant && good > 0, significant && good < 0, ci.method(), ci != method, tooFew);
  }
}
