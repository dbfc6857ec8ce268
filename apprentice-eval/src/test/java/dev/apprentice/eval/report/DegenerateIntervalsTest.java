package dev.apprentice.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.eval.metric.EvalMetrics;
import dev.apprentice.eval.metric.Measurement;
import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.run.ItemResult;
import dev.apprentice.eval.run.RunMetrics;
import dev.apprentice.eval.run.RunRecord;
import dev.apprentice.eval.run.RunStatus;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.SuiteParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Items that all scored the same give intervals that do not read as certainty: Wilson's for pass/fail metrics,
 * Tango's score interval for their paired differences, a Wilson bound for a bounded metric whose items all scored one value, and
 * none at all where no sound interval can be made. The values are worked out by hand (z = 1.959964).
 */
class DegenerateIntervalsTest {

  private static final Offset<Double> CLOSE = Offset.offset(1e-6);
  /** Wilson's lower end for 10 passes of 10: 10 / (10 + z²). */
  private static final double ALL_TEN_LOW = 0.7224672;

  private static final String SUITE = """
      name: degenerate
      dataset: { path: items.csv }
      variants:
        - { name: small, model: small }
        - { name: large, model: large }
      metrics:
        - { name: accuracy, weight: 1 }
        - { name: exact_match, weight: 0 }
        - { name: judged, metric: llm_judge, settings: { model: judge }, weight: 0 }
        - { name: macro_f1, weight: 0 }
        - { name: ter, weight: 0 }
      pilot_items: 0
      resamples: 200
      """;

  private static RunReport report(int items, IntFunction<Map<String, Measurement>> small,
      IntFunction<Map<String, Measurement>> large) {
    Suite suite = SuiteParser.parse(SUITE);
    MetricRegistry registry = EvalMetrics.registry(null, (request, tags) -> {
      throw new IllegalStateException("reports do not call models");
    });
    List<ItemResult> results = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      results.add(new ItemResult("ev-1", "small", i, "a", small.apply(i), 10, 5, 1, 0.001, 0, 0, null, null));
      results.add(new ItemResult("ev-1", "large", i, "a", large.apply(i), 10, 5, 1, 0.002, 0, 0, null, null));
    }
    RunRecord run = new RunRecord("ev-1", "degenerate", SUITE, Instant.EPOCH, Instant.EPOCH, RunStatus.COMPLETED);
    return ReportBuilder.build(run, suite, RunMetrics.of(suite, registry), results);
  }

  /** Every metric of the suite scored: correct (1) or not (0) on the pass/fail ones, {@code judged} and {@code ter}. */
  private static Map<String, Measurement> scores(boolean correct, double judged, double ter) {
    Map<String, Measurement> m = new LinkedHashMap<>();
    m.put("accuracy", Measurement.of(correct ? 1 : 0));
    m.put("exact_match", Measurement.of(correct ? 100 : 0));
    m.put("judged", Measurement.of(judged));
    String label = correct ? "a" : "b";
    m.put("macro_f1", new Measurement(correct ? 1 : 0, correct ? Map.of("tp:a", 1.0)
        : Map.of("fp:" + label, 1.0, "fn:a", 1.0), 0, 0, null));
    m.put("ter", Measurement.of(ter));
    return m;
  }

  @Test
  void tenCorrectOfTenGiveWilsonsIntervalNotTheCertaintyOfOneToOne() {
    RunReport r = report(10, i -> scores(true, 0.5, 20), i -> scores(true, 0.5, 20));

    MetricResult accuracy = r.variant("small").metrics().get("accuracy");
    MetricResult exact = r.variant("small").metrics().get("exact_match");
    assertThat(accuracy.mean()).isEqualTo(1);
    assertThat(accuracy.low()).isCloseTo(ALL_TEN_LOW, CLOSE);
    assertThat(accuracy.high()).isEqualTo(1);
    assertThat(accuracy.interval()).isEqualTo("wilson");
    assertThat(exact.low()).as("on exact_match's 0-100 scale").isCloseTo(100 * ALL_TEN_LOW, Offset.offset(1e-4));
    assertThat(exact.high()).isEqualTo(100);
    assertThat(MarkdownReport.render(r)).contains("| small ★ | small | 1.000 [0.722, 1.000]");
  }

  @Test
  void noneCorrectOfTenAndASingleItemAreWilsonsIntervalsToo() {
    MetricResult none = report(10, i -> scores(false, 0.5, 20), i -> scores(false, 0.5, 20)).variant("small")
        .metrics().get("accuracy");
    MetricResult one = report(1, i -> scores(true, 0.5, 20), i -> scores(true, 0.5, 20)).variant("small").metrics()
        .get("accuracy");
    MetricResult seven = report(10, i -> scores(i < 7, 0.5, 20), i -> scores(true, 0.5, 20)).variant("small")
        .metrics().get("accuracy");

    assertThat(none.low()).isZero();
    assertThat(none.high()).as("z² / (10 + z²)").isCloseTo(1 - ALL_TEN_LOW, CLOSE);
    assertThat(one.low()).as("1 / (1 + z²)").isCloseTo(0.2065493, CLOSE);
    assertThat(one.high()).isEqualTo(1);
    assertThat(seven.low()).isCloseTo(0.3967781, CLOSE);
    assertThat(seven.high()).isCloseTo(0.8922087, CLOSE);
  }

  @Test
  void aBoundedMetricWhoseItemsAllScoredOneValueGetsTheWilsonBoundOfItsShareOfTheScale() {
    MetricResult judged = report(10, i -> scores(true, 0.5, 20), i -> scores(true, 0.5, 20)).variant("small")
        .metrics().get("judged");

    assertThat(judged.mean()).isEqualTo(0.5);
    assertThat(judged.low()).isCloseTo(0.2365931, CLOSE);
    assertThat(judged.high()).isCloseTo(0.7634069, CLOSE);
    assertThat(judged.interval()).isEqualTo("wilson_bound");
    assertThat(MarkdownReport.render(report(10, i -> scores(true, 0.5, 20), i -> scores(true, 0.5, 20))))
        .as("the header names the method").contains("(a Wilson bound where every item scored alike)");
  }

  @Test
  void whereNoSoundIntervalExistsTheReportSaysSoWithTheItemCountRatherThanShowingAPoint() {
    RunReport r = report(10, i -> scores(true, 0.5, 120), i -> scores(true, 0.5, 120));

    MetricResult macro = r.variant("small").metrics().get("macro_f1");
    MetricResult ter = r.variant("small").metrics().get("ter");
    assertThat(macro.mean()).isEqualTo(1);
    assertThat(macro.low()).as("macro-F1's bootstrap of ten correct items gives only 1").isNaN();
    assertThat(macro.interval()).isEqualTo("none");
    assertThat(ter.low()).as("TER 120 is outside 0-100: no bound on its range").isNaN();
    assertThat(MarkdownReport.render(r)).contains("1.000 [no interval, n=10]").contains("120.0 [no interval, n=10]");
  }

  @Test
  void aPairedDifferenceOfZeroOnEveryItemIsNotReadAsCertainlyZero() {
    RunReport r = report(10, i -> scores(true, 0.5, 20), i -> scores(true, 0.5, 20));

    Comparison accuracy = r.variant("large").vsBaseline().get("accuracy");
    Comparison judged = r.variant("large").vsBaseline().get("judged");
    assertThat(accuracy.difference()).isZero();
    assertThat(accuracy.low()).as("Tango: -z² / (10 + z²)").isCloseTo(-(1 - ALL_TEN_LOW), CLOSE);
    assertThat(accuracy.high()).isCloseTo(1 - ALL_TEN_LOW, CLOSE);
    assertThat(accuracy.interval()).isEqualTo("tango");
    assertThat(accuracy.pValue()).isEqualTo(1.0);
    assertThat(judged.low()).as("the Wilson bound of 0.5 on [-1, 1]: 2 × 0.2365931 - 1").isCloseTo(-0.5268138, CLOSE);
    assertThat(judged.high()).isCloseTo(0.5268138, CLOSE);
    assertThat(judged.interval()).isEqualTo("wilson_bound");
  }

  @Test
  void tenWinsOfTenGiveTangosIntervalAndStaySignificant() {
    RunReport r = report(10, i -> scores(false, 0.5, 20), i -> scores(true, 0.5, 20));

    Comparison accuracy = r.variant("large").vsBaseline().get("accuracy");
    assertThat(accuracy.difference()).isEqualTo(1);
    assertThat(accuracy.low()).as("(10 - z²) / (10 + z²)").isCloseTo(0.4449344, CLOSE);
    assertThat(accuracy.high()).isEqualTo(1);
    assertThat(accuracy.interval()).isEqualTo("tango");
    assertThat(accuracy.better()).isTrue();
    assertThat(r.variant("large").verdict()).startsWith("+100.0 points accuracy [44.5, 100.0] (p=0.005) — better");
  }

  @Test
  void oneDiscordantPairAmongTenGivesAWiderIntervalThanTenThatAllAgree() {
    // large passes items 0-5, small items 0-4: 5 both, 1 large only, 0 small only, 4 neither
    RunReport r = report(10, i -> scores(i < 5, 0.5, 20), i -> scores(i < 6, 0.5, 20));

    Comparison accuracy = r.variant("large").vsBaseline().get("accuracy");
    assertThat(accuracy.difference()).isCloseTo(0.1, CLOSE);
    assertThat(accuracy.low()).as("Tango's, not Newcombe's -0.068").isCloseTo(-0.2052861, CLOSE);
    assertThat(accuracy.high()).as("not Newcombe's 0.253").isCloseTo(0.4041500, CLOSE);
    assertThat(accuracy.high() - accuracy.low()).as("wider than ten ties' ± z² / (10 + z²)")
        .isGreaterThan(2 * (1 - ALL_TEN_LOW));
    assertThat(accuracy.interval()).isEqualTo("tango");
    assertThat(accuracy.pValue()).as("the randomization test's: one flip of one pair").isEqualTo(1.0);
  }

  @Test
  void theOverallQualityOfOneWeightedPassFailMetricHasThatMetricsInterval() {
    RunReport r = report(10, i -> scores(true, 0.5, 20), i -> scores(true, 0.5, 20));

    MetricResult quality = r.variant("small").quality();
    assertThat(quality.mean()).isEqualTo(1);
    assertThat(quality.low()).isCloseTo(ALL_TEN_LOW, CLOSE);
    assertThat(quality.interval()).isEqualTo("wilson");
  }

  @Test
  void theSameItemsAndSeedGiveTheSameReport() {
    IntFunction<Map<String, Measurement>> mixed = i -> scores(i % 3 != 0, 0.1 * (i % 7), 10 * (i % 4));

    String first = JsonReport.render(report(30, mixed, i -> scores(true, 0.5, 20)));
    String second = JsonReport.render(report(30, mixed, i -> scores(true, 0.5, 20)));

    assertThat(second).isEqualTo(first).contains("\"interval\" : \"bootstrap\"").contains("\"interval\" : \"wilson\"");
  }
}
