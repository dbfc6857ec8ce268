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
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The overall quality weighs every weighted metric, or says nothing, for every variant alike; when every item has a
 * quality of its own, its interval is that of their mean.
 */
class OverallQualityTest {

  private static final String SUITE = """
      name: quality
      dataset: { path: items.csv }
      variants:
        - { name: careful, model: careful }
        - { name: terse, model: terse }
      metrics:
        - { name: accuracy, weight: 1 }
        - { name: helpful, metric: llm_judge, settings: { model: judge }, weight: 1 }
      pilot_items: 0
      resamples: 200
      """;

  @Test
  void aVariantOnWhichAWeightedMetricScoredNothingHasNoOverallQualityRatherThanOneOfTheOtherMetricsAlone() {
    Suite suite = SuiteParser.parse(SUITE);
    MetricRegistry registry = EvalMetrics.registry(null, (request, tags) -> {
      throw new IllegalStateException("reports do not call models");
    });
    List<ItemResult> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      results.add(item("careful", i, Measurement.of(i < 8 ? 1 : 0), Measurement.of(0.5), 0.001));
      results.add(item("terse", i, Measurement.of(i < 9 ? 1 : 0), Measurement.unscored("1 of 1 judge answers "
          + "unparsed"), 0.0005));
    }
    RunRecord run = new RunRecord("ev-1", "quality", SUITE, Instant.EPOCH, Instant.EPOCH, RunStatus.COMPLETED);

    RunReport report = ReportBuilder.build(run, suite, RunMetrics.of(suite, registry), results);

    VariantResult careful = report.variant("careful");
    VariantResult terse = report.variant("terse");
    assertThat(careful.quality().mean()).isCloseTo((0.8 + 0.5) / 2, Offset.offset(1e-12));
    assertThat(terse.quality()).as("accuracy alone (0.9) is not the weighted mean of accuracy and helpful").isNull();
    assertThat(careful.onFrontier()).isTrue();
    assertThat(terse.onFrontier()).isFalse();
    assertThat(MarkdownReport.render(report)).contains("| terse | terse | 0.900 [");
  }

  @Test
  void theQualityOfSeveralMetricsThatScoredEveryItemGetsTheStudentTIntervalOfTheItemsQualities() {
    double[] accuracy = {1, 1, 1, 0, 1};
    double[] helpful = {0.5, 0.7, 0.9, 0.3, 0.1};
    List<ItemResult> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      results.add(item("careful", i, Measurement.of(accuracy[i]), Measurement.of(helpful[i]), 0.001));
      results.add(item("terse", i, Measurement.of(1), Measurement.of(0.5), 0.0005));
    }

    RunReport report = build(results);

    // per item (accuracy + helpful) / 2: 0.75, 0.85, 0.95, 0.15, 0.55; mean 0.65, s² = 0.4 / 4, t(4) = 2.776445105
    MetricResult quality = report.variant("careful").quality();
    assertThat(quality.mean()).isCloseTo(0.65, Offset.offset(1e-12));
    assertThat(quality.low()).as("0.65 - 2.776445 × sqrt(0.1 / 5)").isCloseTo(0.257351368, Offset.offset(1e-6));
    assertThat(quality.high()).as("1.0426 cut to the top of the range").isEqualTo(1);
    assertThat(quality.interval()).isEqualTo("student_t");
    assertThat(JsonReport.render(report)).contains("\"interval\" : \"student_t\"");
  }

  @Test
  void theQualityOfSeveralMetricsKeepsTheBootstrapWhenSomeItemWasNotScoredByEveryMetric() {
    List<ItemResult> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Measurement helpful = i == 9 ? Measurement.unscored("no answer") : Measurement.of(0.1 * i);
      results.add(item("careful", i, Measurement.of(i < 8 ? 1 : 0), helpful, 0.001));
      results.add(item("terse", i, Measurement.of(1), Measurement.of(0.5), 0.0005));
    }

    MetricResult quality = build(results).variant("careful").quality();

    assertThat(quality.interval()).as("no per-item quality for item 9").isEqualTo("bootstrap");
  }

  private static RunReport build(List<ItemResult> results) {
    Suite suite = SuiteParser.parse(SUITE);
    MetricRegistry registry = EvalMetrics.registry(null, (request, tags) -> {
      throw new IllegalStateException("reports do not call models");
    });
    RunRecord run = new RunRecord("ev-1", "quality", SUITE, Instant.EPOCH, Instant.EPOCH, RunStatus.COMPLETED);
    return ReportBuilder.build(run, suite, RunMetrics.of(suite, registry), results);
  }

  private static ItemResult item(String variant, int index, Measurement accuracy, Measurement helpful, double cost) {
    return new ItemResult("ev-1", variant, index, "answer", Map.of("accuracy", accuracy, "helpful", helpful), 10, 5, 1,
        cost, 0, 0, null, null);
  }
}
