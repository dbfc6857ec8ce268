package dev.apprentice.cli.eval;

import dev.apprentice.cli.BadInput;
import dev.apprentice.eval.metric.EvalMetrics;
import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.report.EvaluatedRun;
import dev.apprentice.eval.run.RunMetrics;
import dev.apprentice.eval.run.RunRecord;
import dev.apprentice.eval.run.RunStore;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.SuiteParser;

/** Loads a stored run with its suite (from the text stored with it) and its metrics, ready to report on. */
final class StoredRuns {

  private StoredRuns() {}

  /** The registry used only to aggregate stored values: its model-backed metrics are never asked to score. */
  static MetricRegistry reportingRegistry() {
    return EvalMetrics.registry(() -> {
      throw new IllegalStateException("reports do not embed");
    }, (request, tags) -> {
      throw new IllegalStateException("reports do not call models");
    });
  }

  static EvaluatedRun load(RunStore store, String id, MetricRegistry registry) {
    // an unknown id is bad usage (exit 2): for the gate, whose 1 means a regression, a typo must not read as one
    RunRecord run = store.run(id).orElseThrow(() -> new BadInput("no evaluation run " + id
        + " (see 'apprentice eval list')"));
    Suite suite = SuiteParser.parse(run.suiteText());
    return new EvaluatedRun(run, suite, RunMetrics.of(suite, registry), store.items(id));
  }
}
