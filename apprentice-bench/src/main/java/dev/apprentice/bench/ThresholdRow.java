package dev.apprentice.bench;

import dev.apprentice.bench.CacheQualityBench.Nearest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of the Banking77 lookups at one threshold.
 *
 * @param threshold the least similarity of a hit
 * @param lookups   test questions looked up
 * @param hits      lookups answered from the cache
 * @param falseHits hits whose cached intent differs from the question's
 */
record ThresholdRow(double threshold, int lookups, int hits, int falseHits) {

  double hitRate() {
    return (double) hits / lookups;
  }

  double falseShareOfHits() {
    return hits == 0 ? 0 : (double) falseHits / hits;
  }

  double falseShareOfLookups() {
    return (double) falseHits / lookups;
  }

  /** Scores every threshold from each question's nearest cached question (null when there was none). */
  static List<ThresholdRow> sweep(double[] thresholds, List<Banking77Data.Row> questions, Nearest[] nearest) {
    List<ThresholdRow> rows = new ArrayList<>();
    for (double t : thresholds) {
      int hits = 0;
      int wrong = 0;
      for (int q = 0; q < questions.size(); q++) {
        if (nearest[q] == null || nearest[q].similarity() < t) continue;
        hits++;
        if (!nearest[q].intent().equals(questions.get(q).intent())) wrong++;
      }
      rows.add(new ThresholdRow(t, questions.size(), hits, wrong));
    }
    return rows;
  }

  /** The smallest threshold whose false hits are at most {@code maxShare} of its hits, or NaN when none is. */
  static double recommend(List<ThresholdRow> rows, double maxShare) {
    return rows.stream().filter(r -> r.hits() > 0 && r.falseShareOfHits() <= maxShare)
        .mapToDouble(ThresholdRow::threshold).min().orElse(Double.NaN);
  }

  /**
   * When no threshold meets the limit: the smallest threshold whose false-hit share of hits is within a quarter of a
   * percentage point of the lowest share of any threshold, where raising it further stops paying.
   */
  static double floor(List<ThresholdRow> rows) {
    double lowest = rows.stream().filter(r -> r.hits() > 0).mapToDouble(ThresholdRow::falseShareOfHits).min()
        .orElse(Double.NaN);
    return rows.stream().filter(r -> r.hits() > 0 && r.falseShareOfHits() <= lowest + 0.0025)
        .mapToDouble(ThresholdRow::threshold).min().orElse(Double.NaN);
  }

  static String markdown(List<ThresholdRow> rows, double recommended, int cached, int looked, String contexts) {
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
        "Banking77: %,d training questions cached, %,d test questions looked up (%s)%n%n", cached, looked, contexts));
    md.append("| threshold | hit rate | hits | false hits | false-hit rate (of hits) | false hits (of lookups) |\n");
    md.append("| --- | --- | --- | --- | --- | --- |\n");
    for (ThresholdRow r : rows) {
      md.append(String.format(Locale.ROOT, "| %.2f%s | %.1f%% | %d | %d | %.2f%% | %.2f%% |%n", r.threshold(),
          r.threshold() == recommended ? " (recommended)" : "", 100 * r.hitRate(), r.hits(), r.falseHits(),
          100 * r.falseShareOfHits(), 100 * r.falseShareOfLookups()));
    }
    md.append(Double.isNaN(recommended)
        ? String.format(Locale.ROOT, "%nNo threshold keeps false hits at or under 2%% of hits. The false-hit share of "
            + "hits levels off from %.2f (within 0.25 points of its lowest), so higher thresholds only lose hits.%n",
            floor(rows))
        : String.format(Locale.ROOT, "%nRecommended default: %.2f (the smallest threshold whose false hits are at "
            + "most 2%% of its hits).%n", recommended));
    return md.toString();
  }

  /**
   * Two sweeps over the same thresholds side by side, each cell "meaning alone / with the gateway's rules": what the
   * numbers and negation rules change in hits and in wrong answers.
   */
  static String sideBySide(List<ThresholdRow> meaning, List<ThresholdRow> gateway, int cached, int looked) {
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
        "Banking77: %,d training questions cached, %,d test questions looked up; each cell: meaning alone / with the "
            + "gateway's rules (numbers and negations)%n%n", cached, looked));
    md.append("| threshold | hit rate | hits | false hits | false-hit rate (of hits) | false hits (of lookups) |\n");
    md.append("| --- | --- | --- | --- | --- | --- |\n");
    for (int i = 0; i < meaning.size(); i++) {
      ThresholdRow m = meaning.get(i);
      ThresholdRow g = gateway.get(i);
      if (m.threshold() != g.threshold()) throw new IllegalArgumentException("not the same thresholds");
      md.append(String.format(Locale.ROOT, "| %.2f | %.1f%% / %.1f%% | %d / %d | %d / %d | %.2f%% / %.2f%% "
          + "| %.2f%% / %.2f%% |%n", m.threshold(), 100 * m.hitRate(), 100 * g.hitRate(), m.hits(), g.hits(),
          m.falseHits(), g.falseHits(), 100 * m.falseShareOfHits(), 100 * g.falseShareOfHits(),
          100 * m.falseShareOfLookups(), 100 * g.falseShareOfLookups()));
    }
    return md.toString();
  }

  static String csv(List<ThresholdRow> rows) {
    StringBuilder csv = new StringBuilder(
        "threshold,lookups,hits,hit_rate,false_hits,false_hit_rate_of_hits,false_hit_rate_of_lookups\n");
    for (ThresholdRow r : rows) {
      csv.append(String.format(Locale.ROOT, "%.2f,%d,%d,%.5f,%d,%.5f,%.5f%n", r.threshold(), r.lookups(), r.hits(),
          r.hitRate(), r.falseHits(), r.falseShareOfHits(), r.falseShareOfLookups()));
    }
    return csv.toString();
  }
}
