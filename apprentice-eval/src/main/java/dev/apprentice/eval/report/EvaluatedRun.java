package dev.apprentice.eval.report;

import dev.apprentice.eval.metric.Metric;
import dev.apprentice.eval.run.ItemResult;
import dev.apprentice.eval.run.RunRecord;
import dev.apprentice.eval.suite.Suite;
import java.util.List;
import java.util.Map;

/** A stored run with what is needed to report on it: its suite, the suite's metrics, and its item results. */
public record EvaluatedRun(RunRecord run, Suite suite, Map<String, Metric> metrics, List<ItemResult> items) {

  public RunReport report() {
    return ReportBuilder.build(run, suite, metrics, items);
  }
}
