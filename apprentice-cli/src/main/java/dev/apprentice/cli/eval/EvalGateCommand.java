package dev.apprentice.cli.eval;

import dev.apprentice.cli.BadInput;
import dev.apprentice.cli.OneLine;
import dev.apprentice.server.eval.JdbcRunStore;
import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.report.EvaluatedRun;
import dev.apprentice.eval.report.Gate;
import dev.apprentice.eval.report.GateLimits;
import dev.apprentice.eval.report.SameItems;
import dev.apprentice.store.Store;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code apprentice eval gate RUN_ID [--baseline RUN_ID] [--max-drop 0.02] [--max-error-rate 0.02]}: exits 1 when the
 * run is not completed, when more of a variant's items failed than the allowed error rate (in the run or the
 * baseline), when a metric of a variant dropped significantly by more than the allowed drop against the baseline run,
 * when the comparison cannot be made (the baseline is not completed or empty, a variant is not in it), or when a pass
 * rate is under the suite's {@code min_pass_rate}; prints every check and why it failed. Runs given different items
 * are not compared at all: that is bad usage (exit 2), not a regression, as is a limit that is not a fraction from 0
 * to 1 (NaN would switch its check off). A gate that could not check anything — the store cannot be opened or read, a
 * run's stored suite cannot be parsed — exits {@value #COULD_NOT_RUN}, so that CI tells "the model got worse" (1) from
 * "the gate did not run".
 */
@Command(name = "gate", mixinStandardHelpOptions = true,
    description = "Fail (exit 1) on a significant regression against a baseline run or under the suite's thresholds.")
public final class EvalGateCommand implements Callable<Integer> {

  /** The exit status of a gate that could not run: neither passed (0) nor failed on a regression (1). */
  static final int COULD_NOT_RUN = 3;

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "the run to check")
  String runId;

  @Option(names = "--baseline", paramLabel = "RUN_ID", description = "the run to compare with (same dataset and variants)")
  String baseline;

  @Option(names = "--max-drop", defaultValue = "0.02", paramLabel = "FRACTION",
      description = "largest allowed drop, as a fraction of the metric's scale (default: ${DEFAULT-VALUE}: 2 points)")
  double maxDrop;

  @Option(names = "--max-error-rate", defaultValue = "0.02", paramLabel = "FRACTION",
      description = "largest allowed share of a variant's items whose call failed, in the run and in the baseline "
          + "(default: ${DEFAULT-VALUE}: 2 in 100)")
  double maxErrorRate;

  @Mixin
  DataOptions data;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    for (String problem : new String[] {GateLimits.problem("--max-drop", maxDrop),
        GateLimits.problem("--max-error-rate", maxErrorRate)}) {
      if (problem != null) throw new ParameterException(spec.commandLine(), problem);
    }
    Gate.Result result;
    try {
      result = check();
    } catch (BadInput | ParameterException e) {
      throw e;
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("apprentice: the gate could not run (exit " + COULD_NOT_RUN + ", not a "
          + "regression): " + OneLine.of(e));
      spec.commandLine().getErr().flush();
      return COULD_NOT_RUN;
    }
    PrintWriter out = spec.commandLine().getOut();
    for (String check : result.checks()) GateLines.of("ok", check).forEach(out::println);
    for (String failure : result.failures()) GateLines.of("FAIL", failure).forEach(out::println);
    out.println(result.passed() ? "gate passed" : "gate failed: " + result.failures().size() + " problem"
        + (result.failures().size() == 1 ? "" : "s"));
    out.flush();
    return result.passed() ? 0 : 1;
  }

  /** Loads the runs and checks them; a store or stored suite that cannot be read throws. */
  private Gate.Result check() {
    try (Store store = data.existingStore(nothing -> {
      throw new BadInput("no evaluation run " + runId + ": " + nothing);
    })) {
      JdbcRunStore runs = new JdbcRunStore(store.evaluations());
      MetricRegistry registry = StoredRuns.reportingRegistry();
      EvaluatedRun candidate = StoredRuns.load(runs, runId, registry);
      EvaluatedRun before = baseline == null ? null : StoredRuns.load(runs, baseline, registry);
      String otherItems = before == null ? null : SameItems.problem(candidate, before);
      if (otherItems != null) throw new ParameterException(spec.commandLine(), otherItems);
      return Gate.check(candidate, before, new GateLimits(maxDrop, maxErrorRate));
    }
  }
}
