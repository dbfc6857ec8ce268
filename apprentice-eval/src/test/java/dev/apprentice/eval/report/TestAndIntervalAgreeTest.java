package dev.apprentice.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.eval.metric.Measurement;
import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.run.ItemResult;
import dev.apprentice.eval.run.RunMetrics;
import dev.apprentice.eval.run.RunRecord;
import dev.apprentice.eval.run.RunStatus;
import dev.apprentice.eval.stats.Interval;
import dev.apprentice.eval.stats.Tango;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.SuiteParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * The interval of a paired difference never says what the paired test, and so the verdict and the gate, do not: four
 * losses of four are not significant (p = 2 / 2⁴ = 0.125), so their interval reaches 0, where Tango's alone,
 * [−1, −(4 − z²) / (4 + z²)] = [−100, −2] points, left it out; with hundreds of items nothing changes.
 */
class TestAndIntervalAgreeTest {

  private static final String SUITE = """
      name: agree
      dataset: { path: items.csv }
      variants:
        - { name: small, model: small }
        - { name: large, model: large }
      metrics:
        - { name: accuracy }
      pilot_items: 0
      """;

  private static List<ItemResult> items(int n, IntPredicate smallPasses, IntPredicate largePasses) {
    List<ItemResult> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      results.add(item("small", i, smallPasses.test(i), 0.001));
      results.add(item("large", i, largePasses.test(i), 0.002));
    }
    return results;
  }

  private static ItemResult item(String variant, int index, boolean passed, double cost) {
    return new ItemResult("ev-1", variant, index, "a", Map.of("accuracy", Measurement.of(passed ? 1 : 0)), 10, 5, 1,
        cost, 0, 0, null, null);
  }

  private static EvaluatedRun run(String id, List<ItemResult> items) {
    Suite suite = SuiteParser.parse(SUITE);
    RunRecord run = new RunRecord(id, "agree", SUITE, Instant.EPOCH, Instant.EPOCH, RunStatus.COMPLETED);
    return new EvaluatedRun(run, suite, RunMetrics.of(suite, MetricRegistry.standard()), items);
  }

  private static RunReport report(List<ItemResult> items) {
    EvaluatedRun run = run("ev-1", items);
    return ReportBuilder.build(run.run(), run.suite(), run.metrics(), run.items());
  }

  @Test
  void fourLossesOfFourAreNoSignificantDifferenceAndTheirIntervalReachesZero() {
    RunReport r = report(items(4, i -> true, i -> false));

    Comparison accuracy = r.variant("large").vsBaseline().get("accuracy");
    assertThat(accuracy.pValue()).as("the exact test: 2 of 16 arrangements").isEqualTo(0.125);
    assertThat(accuracy.worse()).isFalse();
    assertThat(accuracy.low()).isEqualTo(-1);
    assertThat(accuracy.high()).as("Tango's alone ends at -0.0204: widened to 0").isZero();
    assertThat(accuracy.interval()).isEqualTo("tango");
    assertThat(accuracy.widenedToZero()).isTrue();
    assertThat(accuracy.tooFewDiffering()).isTrue();
    assertThat(r.variant("large").verdict()).isEqualTo("no significant difference: -100.0 points accuracy "
        + "[-100.0, 0.0] (p=0.125), for 2.0× the cost — too few items to tell: 4 of 4 items differ, and the paired "
        + "test needs at least 6 that differ to find any difference significant at p < 0.05");
    assertThat(MarkdownReport.render(r)).contains("| large | accuracy | -1.000 | [-1.000, 0.000] | 0.125 (too few "
        + "items differ to tell) | 0 / 0 / 4 |");
    assertThat(JsonReport.render(r)).contains("\"widened_to_zero\" : true").contains("\"too_few_differing\" : true");
  }

  @Test
  void theGateShowsTheSameIntervalAsTheReportAndSaysFourLossesAreTooFewToTell() {
    EvaluatedRun before = run("ev-0", items(4, i -> true, i -> true));
    EvaluatedRun now = run("ev-1", items(4, i -> false, i -> true));

    Gate.Result result = Gate.check(now, before, GateLimits.ofDrop(0.02));

    assertThat(result.passed()).isTrue();
    assertThat(result.checks()).contains("small / accuracy: change -1.0000 [-1.0000, 0.0000], p=0.125, drop 1.0000 of "
        + "scale (max 0.0200), 0/0/4 wins/ties/losses, compared on 4 of 4 items: too few items differ for any change "
        + "to be significant");
  }

  @Test
  void variantsThatAgreeOnEveryItemAreNotMarkedTooFewToTell() {
    RunReport r = report(items(100, i -> i % 2 == 0, i -> i % 2 == 0));

    Comparison accuracy = r.variant("large").vsBaseline().get("accuracy");
    assertThat(accuracy.tooFewDiffering()).as("no item differs: the interval says how close they are").isFalse();
    assertThat(accuracy.widenedToZero()).isFalse();
    assertThat(r.variant("large").verdict()).endsWith("for 2.0× the cost");
  }

  @Test
  void sixLossesOfSixAreSignificantAndKeepTangosInterval() {
    RunReport r = report(items(6, i -> true, i -> false));

    Comparison accuracy = r.variant("large").vsBaseline().get("accuracy");
    assertThat(accuracy.pValue()).isEqualTo(2 / 64.0);
    assertThat(accuracy.worse()).isTrue();
    Interval tango = Tango.pairedDifference(0, 0, 6, 0);
    assertThat(accuracy.low()).isEqualTo(tango.low());
    assertThat(accuracy.high()).isEqualTo(tango.high()).isNegative();
    assertThat(accuracy.widenedToZero()).isFalse();
    assertThat(accuracy.tooFewDiffering()).isFalse();
  }

  @Test
  void hundredsOfItemsKeepTangosIntervalWhetherSignificantOrNot() {
    RunReport clear = report(outcomes(400, 190, 35, 10));
    RunReport close = report(outcomes(400, 190, 12, 10));

    Comparison better = clear.variant("large").vsBaseline().get("accuracy");
    assertThat(better.better()).isTrue();
    Interval tango = Tango.pairedDifference(190, 35, 10, 165);
    assertThat(better.low()).isEqualTo(tango.low()).isPositive();
    assertThat(better.high()).isEqualTo(tango.high());
    assertThat(better.widenedToZero()).isFalse();
    Comparison even = close.variant("large").vsBaseline().get("accuracy");
    assertThat(even.better() || even.worse()).isFalse();
    Interval evenTango = Tango.pairedDifference(190, 12, 10, 188);
    assertThat(even.low()).isEqualTo(evenTango.low()).isNegative();
    assertThat(even.high()).isEqualTo(evenTango.high()).isPositive();
    assertThat(even.widenedToZero()).isFalse();
    assertThat(even.tooFewDiffering()).isFalse();
  }

  @Test
  void aSignificantDifferenceWhoseStudentTIntervalStillReachesZeroIsSaidToBeBorderline() {
    // squad_f1 on six items, large ahead on all six: by 1 point on five, by 90 on one; the exact test counts 2 of 64
    // arrangements as far from 0 (p = 0.031), the t interval of the differences is 15.8 ± 2.571 × 14.8
    String suite = SUITE.replace("- { name: accuracy }", "- { name: squad_f1 }");
    List<ItemResult> results = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      results.add(scored("small", i, 5, 0.001));
      results.add(scored("large", i, i == 5 ? 95 : 6, 0.002));
    }
    Suite parsed = SuiteParser.parse(suite);
    RunRecord run = new RunRecord("ev-1", "agree", suite, Instant.EPOCH, Instant.EPOCH, RunStatus.COMPLETED);
    RunReport r = ReportBuilder.build(run, parsed, RunMetrics.of(parsed, MetricRegistry.standard()), results);

    Comparison f1 = r.variant("large").vsBaseline().get("squad_f1");
    assertThat(f1.pValue()).isEqualTo(2 / 64.0);
    assertThat(f1.interval()).isEqualTo("student_t");
    assertThat(f1.low()).isNegative();
    assertThat(r.variant("large").verdict()).isEqualTo("+15.8 points squad_f1 [-22.3, 54.0] (p=0.031) — better, "
        + "for 2.0× the cost (borderline: the paired test decides, and its interval still reaches 0)");
  }

  private static ItemResult scored(String variant, int index, double f1, double cost) {
    return new ItemResult("ev-1", variant, index, "a", Map.of("squad_f1", Measurement.of(f1)), 10, 5, 1, cost, 0, 0,
        null, null);
  }

  /** {@code n} items: the first {@code both} passed by both, then {@code largeOnly}, then {@code smallOnly}. */
  private static List<ItemResult> outcomes(int n, int both, int largeOnly, int smallOnly) {
    return items(n, i -> i < both || i >= both + largeOnly && i < both + largeOnly + smallOnly,
        i -> i < both + largeOnly);
  }
}
