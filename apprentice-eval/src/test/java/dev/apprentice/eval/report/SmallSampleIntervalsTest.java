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
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * A mean metric whose items vary gets the Student-t interval of its mean, and its paired difference the t interval of
 * the items' differences: x̄ ± t·s/√n, cut to the metric's range when its values lie in it. The values are worked out
 * by hand with t = 2.776445105 (4 degrees of freedom) and 4.302652730 (2).
 */
class SmallSampleIntervalsTest {

  private static final Offset<Double> CLOSE = Offset.offset(1e-6);

  private static final String SUITE = """
      name: small
      dataset: { path: items.csv }
      variants:
        - { name: small, model: small }
        - { name: large, model: large }
      metrics:
        - { name: judged, metric: llm_judge, settings: { model: judge }, weight: 1 }
        - { name: squad_f1, weight: 0 }
        - { name: ter, weight: 0 }
      pilot_items: 0
      resamples: 200
      """;

  /** Each variant's items: per item, the values of judged, squad_f1 and ter. */
  private static RunReport report(double[][] small, double[][] large) {
    Suite suite = SuiteParser.parse(SUITE);
    MetricRegistry registry = EvalMetrics.registry(null, (request, tags) -> {
      throw new IllegalStateException("reports do not call models");
    });
    List<ItemResult> results = new ArrayList<>();
    for (int i = 0; i < small.length; i++) {
      results.add(new ItemResult("ev-1", "small", i, "a", scores(small[i]), 10, 5, 1, 0.001, 0, 0, null, null));
      results.add(new ItemResult("ev-1", "large", i, "a", scores(large[i]), 10, 5, 1, 0.002, 0, 0, null, null));
    }
    RunRecord run = new RunRecord("ev-1", "small", SUITE, Instant.EPOCH, Instant.EPOCH, RunStatus.COMPLETED);
    return ReportBuilder.build(run, suite, RunMetrics.of(suite, registry), results);
  }

  private static Map<String, Measurement> scores(double[] values) {
    Map<String, Measurement> m = new LinkedHashMap<>();
    m.put("judged", Measurement.of(values[0]));
    m.put("squad_f1", Measurement.of(values[1]));
    m.put("ter", Measurement.of(values[2]));
    return m;
  }

  private static final double[][] BASELINE = {{0.2, 100, 110}, {0.4, 100, 120}, {0.4, 100, 130}, {0.6, 100, 120},
      {0.9, 60, 120}};
  private static final double[][] CANDIDATE = {{0.3, 100, 20}, {0.5, 100, 20}, {0.6, 100, 20}, {0.8, 100, 20},
      {1.0, 100, 20}};

  @Test
  void fiveVaryingJudgeScoresGetTheStudentTIntervalOfTheirMean() {
    RunReport r = report(BASELINE, CANDIDATE);

    MetricResult judged = r.variant("small").metrics().get("judged");
    assertThat(judged.mean()).isCloseTo(0.5, CLOSE);
    assertThat(judged.low()).as("0.5 - 2.776445 × sqrt(0.07 / 5)").isCloseTo(0.171486585, CLOSE);
    assertThat(judged.high()).isCloseTo(0.828513415, CLOSE);
    assertThat(judged.interval()).isEqualTo("student_t");
    assertThat(r.variant("small").quality().interval()).as("the one weighted metric's").isEqualTo("student_t");
    assertThat(r.variant("small").quality().low()).isCloseTo(0.171486585, CLOSE);
    assertThat(JsonReport.render(r)).contains("\"interval\" : \"student_t\"");
    assertThat(MarkdownReport.render(r)).contains("Student's t for other means and their differences");
  }

  @Test
  void theIntervalIsCutAtTheTopOfTheMetricsScaleWhenItsValuesLieOnIt() {
    MetricResult f1 = report(BASELINE, CANDIDATE).variant("small").metrics().get("squad_f1");

    assertThat(f1.mean()).isCloseTo(92, CLOSE);
    assertThat(f1.low()).as("92 - 2.776445 × sqrt(320 / 5)").isCloseTo(69.788439158, CLOSE);
    assertThat(f1.high()).as("not 114.2: a mean of values in 0-100 is at most 100").isEqualTo(100);
    assertThat(f1.interval()).isEqualTo("student_t");
  }

  @Test
  void valuesOutsideTheScaleKeepTheWholeInterval() {
    MetricResult ter = report(BASELINE, CANDIDATE).variant("small").metrics().get("ter");

    assertThat(ter.low()).as("120 - 2.776445 × sqrt(50 / 5)").isCloseTo(120 - 2.776445105 * Math.sqrt(10), CLOSE);
    assertThat(ter.high()).isCloseTo(120 + 2.776445105 * Math.sqrt(10), CLOSE);
    assertThat(ter.interval()).isEqualTo("student_t");
  }

  @Test
  void aPairedDifferenceGetsTheStudentTIntervalOfTheItemsDifferencesWidenedToZeroWhereTheTestFindsNone() {
    Comparison judged = report(BASELINE, CANDIDATE).variant("large").vsBaseline().get("judged");

    assertThat(judged.difference()).isCloseTo(0.14, CLOSE);
    assertThat(judged.pValue()).as("the randomization test's, unchanged: 2 of 32 arrangements").isEqualTo(0.0625);
    assertThat(judged.low()).as("not 0.14 - 2.776445 × sqrt(0.003 / 5) = 0.072: p > 0.05").isZero();
    assertThat(judged.high()).as("0.14 + 2.776445 × sqrt(0.003 / 5)").isCloseTo(0.208008738, CLOSE);
    assertThat(judged.interval()).isEqualTo("student_t");
    assertThat(judged.widenedToZero()).isTrue();
    assertThat(judged.tooFewDiffering()).as("5 items differ: p is at least 2 / 32").isTrue();
  }

  @Test
  void aPairedDifferenceIsCutToTheDifferencesRange() {
    double[][] base = {{0.5, 0, 20}, {0.5, 0, 20}, {0.5, 0, 20}, {0.5, 0, 20}, {0.5, 40, 20}};

    Comparison f1 = report(base, CANDIDATE).variant("large").vsBaseline().get("squad_f1");

    assertThat(f1.difference()).isCloseTo(92, CLOSE);
    assertThat(f1.low()).as("69.79 widened to 0: five items differ, p = 0.0625").isZero();
    assertThat(f1.widenedToZero()).isTrue();
    assertThat(f1.high()).as("a difference of values in 0-100 is at most 100").isEqualTo(100);
    assertThat(f1.interval()).isEqualTo("student_t");
  }
}
