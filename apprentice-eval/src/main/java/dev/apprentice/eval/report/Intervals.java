package dev.apprentice.eval.report;

import dev.apprentice.eval.stats.Bootstrap;
import dev.apprentice.eval.stats.Interval;
import dev.apprentice.eval.stats.StudentT;
import dev.apprentice.eval.stats.Tango;
import dev.apprentice.eval.stats.Wilson;

/**
 * The method behind each 95% interval of a report, chosen by the item values so that no interval claims a certainty
 * the items do not give — a percentile bootstrap of items that all scored the same resamples nothing but that score,
 * so 10 passes of 10 would read [1, 1]:
 * <ul>
 *   <li>pass/fail metrics (every scored value 0 or the metric's scale, and a mean): the Wilson score interval
 *       ({@code wilson}); their paired differences, Tango's score interval for paired proportions
 *       ({@code tango});</li>
 *   <li>other mean metrics and their paired differences: the Student-t interval of the mean ({@code student_t}),
 *       at every item count — a percentile bootstrap of a few items is too narrow (about 89% coverage for a nominal
 *       95% at 8 items) — cut to [0, scale] (a difference's to [−scale, scale]) when every value lies in it; when
 *       every scored value (every difference) is the same (one item, or a metric that gave all items one score)
 *       there is no spread to go by, and when the values lie in [0, scale] the Wilson interval of the mean as a
 *       share of the scale is used instead ({@code wilson_bound}): values in that range vary at most as much as
 *       pass/fail outcomes of the same mean, so it is conservative; a paired difference that is the same on every
 *       item likewise, on the difference's range [−scale, scale];</li>
 *   <li>the overall quality of several weighted metrics, when every item was scored by all of them and none is an
 *       aggregate: the interval of the mean of the items' qualities, on the terms above with scale 1;</li>
 *   <li>an aggregate metric such as macro-F1, and the overall quality otherwise: the percentile bootstrap
 *       ({@code bootstrap});</li>
 *   <li>otherwise (an aggregate metric whose bootstrap gives one value, values outside [0, scale] that are all the
 *       same): no interval ({@code none}, NaN ends), rather than a point.</li>
 * </ul>
 */
final class Intervals {

  static final String WILSON = "wilson";
  static final String TANGO = "tango";
  static final String BOOTSTRAP = "bootstrap";
  static final String STUDENT_T = "student_t";
  static final String WILSON_BOUND = "wilson_bound";
  static final String NONE = "none";
  private static final double SAME = 1e-12;

  private Intervals() {}

  /** An interval and the method that gave it; NaN ends with {@link #NONE}. */
  record Chosen(double low, double high, String method) {

    static Chosen none() {
      return new Chosen(Double.NaN, Double.NaN, NONE);
    }

    static Chosen of(Interval interval, String method) {
      if (!(interval.high() > interval.low())) return none(); // a point, or no interval at all
      return new Chosen(interval.low(), interval.high(), method);
    }

    /** The smallest interval holding this one and 0 (itself when it holds 0, or when there is none). */
    Chosen reachingZero() {
      if (Double.isNaN(low) || (low <= 0 && high >= 0)) return this;
      return new Chosen(Math.min(low, 0), Math.max(high, 0), method);
    }

    /** This interval on [0, scale] as one on [0, 1], flipped for a lower-is-better metric. */
    Chosen normalised(double scale, boolean higherIsBetter) {
      if (higherIsBetter) return new Chosen(low / scale, high / scale, method);
      return new Chosen(1 - high / scale, 1 - low / scale, method);
    }
  }

  /** The interval of a variant's metric over the column's items (all of its positions: the successful items). */
  static Chosen ofMetric(MetricColumn column, double scale, Bootstrap bootstrap) {
    if (!column.aggregate()) {
      double[] scored = new double[column.size()];
      for (int i = 0; i < scored.length; i++) scored[i] = column.value(i);
      return ofMean(scored, scale);
    }
    return Chosen.of(bootstrap.interval(column.size(), column::corpus), BOOTSTRAP);
  }

  /**
   * The interval of the overall quality when it is the mean of per-item qualities on [0, 1] (every item scored by
   * every weighted metric, none of them an aggregate): the interval of that mean on the terms of a mean metric of
   * scale 1 — Student's t (cut to [0, 1] when every item's quality lies in it), Wilson's when every item's quality
   * is 0 or 1, the Wilson bound when all are the same.
   */
  static Chosen ofQuality(double[] perItem) {
    return ofMean(perItem, 1);
  }

  /** The interval of the mean of item values (NaN left out) on a range [0, scale]. */
  private static Chosen ofMean(double[] items, double scale) {
    Values values = new Values(scale);
    for (double v : items) values.add(v);
    if (values.scored == 0) return Chosen.none();
    if (values.binary) return scaled(Wilson.of(values.passes / (double) values.scored, values.scored), 0, scale,
        WILSON);
    if (values.same) {
      if (!values.inRange) return Chosen.none();
      return scaled(Wilson.of(values.first / scale, values.scored), 0, scale, WILSON_BOUND);
    }
    return studentT(items, values.inRange, 0, scale);
  }

  /**
   * The interval of a paired difference, candidate minus baseline, over {@code n} pairs of a pooled column
   * (position i the candidate's item i, n + i the baseline's); only an aggregate metric's is resampled, by the
   * paired bootstrap.
   */
  static Chosen ofDifference(MetricColumn pooled, int n, double scale, Bootstrap bootstrap) {
    if (!pooled.aggregate()) {
      Values candidate = new Values(scale);
      Values baseline = new Values(scale);
      Values differences = new Values(2 * scale);
      int[] outcomes = new int[4]; // both pass, candidate only, baseline only, neither
      for (int i = 0; i < n; i++) {
        double a = pooled.value(i);
        double b = pooled.value(n + i);
        candidate.add(a);
        baseline.add(b);
        differences.add(a - b + scale);
        outcomes[(candidate.passed(a) ? 0 : 2) + (baseline.passed(b) ? 0 : 1)]++;
      }
      if (candidate.binary && baseline.binary) {
        return scaled(Tango.pairedDifference(outcomes[0], outcomes[1], outcomes[2], outcomes[3]), 0, scale, TANGO);
      }
      if (differences.same) {
        if (!candidate.inRange || !baseline.inRange) return Chosen.none();
        Interval share = Wilson.of(differences.first / (2 * scale), n);
        return scaled(share, -scale, 2 * scale, WILSON_BOUND);
      }
      double[] paired = new double[n];
      for (int i = 0; i < n; i++) paired[i] = pooled.value(i) - pooled.value(n + i);
      return studentT(paired, candidate.inRange && baseline.inRange, -scale, scale);
    }
    return Chosen.of(bootstrap.pairedInterval(n, pooled::corpus), BOOTSTRAP);
  }

  /**
   * The interval of the overall quality (on [0, 1]) when its bootstrap gives one value: the Wilson interval of it as a
   * share of {@code n} items, when every weighted metric's values lie in its range; else none.
   */
  static Chosen ofCollapsedQuality(double quality, int n, boolean inRange) {
    if (!inRange || n == 0) return Chosen.none();
    return Chosen.of(Wilson.of(quality, n), WILSON_BOUND);
  }

  /** Whether every scored value of the column lies in [0, scale]. */
  static boolean inRange(MetricColumn column, double scale) {
    Values values = new Values(scale);
    for (int i = 0; i < column.size(); i++) values.add(column.value(i));
    return values.inRange;
  }

  /**
   * The Student-t interval of the mean of the values (NaN left out), cut to [floor, ceiling] when the values are
   * {@code bounded} by the metric's range: the mean of values in a range is in it too.
   */
  private static Chosen studentT(double[] values, boolean bounded, double floor, double ceiling) {
    Interval t = StudentT.ofMean(values);
    if (!bounded) return Chosen.of(t, STUDENT_T);
    return Chosen.of(new Interval(Math.max(floor, t.low()), Math.min(ceiling, t.high())), STUDENT_T);
  }

  /** An interval on [0, 1] mapped to [offset, offset + width]. */
  private static Chosen scaled(Interval share, double offset, double width, String method) {
    return Chosen.of(new Interval(offset + share.low() * width, offset + share.high() * width), method);
  }

  /** What the scored values of a column are like, on a range [0, top]. */
  private static final class Values {
    private final double top;
    int scored;
    int passes;
    double first = Double.NaN;
    boolean binary = true;
    boolean same = true;
    boolean inRange = true;

    Values(double top) {
      this.top = top;
    }

    void add(double v) {
      if (Double.isNaN(v)) return;
      if (scored++ == 0) first = v;
      if (passed(v)) passes++;
      else if (v != 0) binary = false;
      if (Math.abs(v - first) > SAME * Math.max(1, Math.abs(first))) same = false;
      if (v < 0 || v > top * (1 + SAME)) inRange = false;
    }

    boolean passed(double v) {
      return Math.abs(v - top) <= SAME * top;
    }
  }
}
