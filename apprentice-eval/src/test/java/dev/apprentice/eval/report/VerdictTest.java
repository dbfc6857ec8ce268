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
import org.junit.jupiter.api.Test;

/** The verdict's sentence when its headline metric could not be compared. */
class VerdictTest {

  private static final String SUITE = """
      name: verdict
      dataset: { path: items.csv }
      variants:
        - { name: base, model: base }
        - { name: other, model: other }
      metrics:
        - { name: helpful, metric: llm_judge, settings: { model: judge } }
      pilot_items: 0
      resamples: 200
      """;

  @Test
  void aHeadlineMetricThatScoredNoItemOfTheCandidateIsSaidSoNotThatTheVariantsShareNoItems() {
    Suite suite = SuiteParser.parse(SUITE);
    MetricRegistry registry = EvalMetrics.registry(null, (request, tags) -> {
      throw new IllegalStateException("reports do not call models");
    });
    List<ItemResult> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      results.add(item("base", i, Measurement.of(0.5)));
      results.add(item("other", i, Measurement.unscored("1 of 1 judge answers unparsed")));
    }
    RunRecord run = new RunRecord("ev-1", "verdict", SUITE, Instant.EPOCH, Instant.EPOCH, RunStatus.COMPLETED);

    RunReport report = ReportBuilder.build(run, suite, RunMetrics.of(suite, registry), results);

    assertThat(report.variant("other").verdict()).isEqualTo("not compared with the baseline base on helpful: no "
        + "item both answered has a value of it for both");
  }

  private static ItemResult item(String variant, int index, Measurement helpful) {
    return new ItemResult("ev-1", variant, index, "answer", Map.of("helpful", helpful), 10, 5, 1, 0.001, 0, 0, null,
        null);
  }
}
