package dev.apprentice.cli.eval;

import dev.apprentice.cli.BadInput;
import dev.apprentice.cli.InputFiles;
import dev.apprentice.server.DataDirServer;
import dev.apprentice.server.eval.JdbcRunStore;
import dev.apprentice.eval.dataset.DatasetSources;
import dev.apprentice.eval.dataset.StoredDataset;
import dev.apprentice.eval.dataset.ResolvedDataset;
import dev.apprentice.eval.metric.EvalMetrics;
import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.report.EvaluatedRun;
import dev.apprentice.eval.report.MarkdownReport;
import dev.apprentice.eval.run.EvalRunner;
import dev.apprentice.eval.run.ItemResult;
import dev.apprentice.eval.run.RunControl;
import dev.apprentice.eval.run.RunOutcome;
import dev.apprentice.eval.run.RunRecord;
import dev.apprentice.eval.run.RunStatus;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.SuiteException;
import dev.apprentice.eval.suite.SuiteParser;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code apprentice eval run SUITE}: runs every variant of the suite over its dataset through the gateway, stores
 * every item, then writes the HTML report and prints the Markdown summary. Exit status: 0 completed, 3 refused by
 * the budget estimate, 4 stopped at the budget cap (or every item call of a variant, of its pilot or of the whole run,
 * refused by the gateway for a key's or tenant's budget), 130 interrupted, 1 failed (every item call of a variant's
 * pilot failed, or every call of an LLM judge on the pilot items, or, the run done, every item call of a variant or
 * every call of a judge); resume with {@code --resume RUN_ID}. Without
 * {@code --url} the run holds its data directory while it runs ({@link DataDirServer}).
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run an evaluation suite through the gateway.")
public final class EvalRunCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SUITE", description = "the suite file (YAML, see docs/evaluation.md)")
  Path suiteFile;

  @Option(names = "--url", paramLabel = "URL", description = "a running server, e.g. http://127.0.0.1:8080 (its API "
      + "at /v1; a URL with a path, such as http://127.0.0.1:8080/v1, is used as given) (default: the server serving "
      + "the data directory, if one runs; else start the config's gateway in this process)")
  String url;

  /** Where this run's calls go, set as it starts. */
  private SetupHint.Route route = SetupHint.Route.IN_PROCESS;

  @Option(names = "--api-key", paramLabel = "KEY", description = "the client key the run's calls are made with, held to"
      + " its own and its tenant's limits and budgets (with --url, or through the server serving the data directory,"
      + " default: $" + API_KEY_ENV + ")")
  String apiKey;

  /** The variable that gives the key of calls over HTTP, when {@code --api-key} does not. */
  static final String API_KEY_ENV = "APPRENTICE_API_KEY";

  @Option(names = "--tenant", paramLabel = "T", description = "in-process, without --api-key: the tenant the run's "
      + "calls are booked to and held to the limits and budgets of; with a tenants: section in the config, one it "
      + "names (default: default)")
  String tenant;

  @Option(names = "--resume", paramLabel = "RUN_ID", description = "resume a run (interrupted, failed, or completed with failed items): "
      + "only items without a successful result run")
  String resume;

  @Option(names = "--force", description = "with --resume: resume even though the run's heartbeat says another process "
      + "is still running it (use when that process is known to be gone); never a run whose heartbeat is younger "
      + "than one beat interval (10 s)")
  boolean force;

  @Option(names = "--dataset", paramLabel = "PATH", description = "read the items from this file instead of dataset.path")
  Path dataset;

  @Option(names = "--budget-usd", paramLabel = "USD", description = "the spend cap, instead of the suite's budget_usd")
  Double budget;

  @Option(names = "--no-progress", description = "no progress bar or per-item progress lines")
  boolean quiet;

  @Mixin
  DataOptions data;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  private final Map<String, String> environment;

  public EvalRunCommand() {
    this(System.getenv());
  }

  /** A command that reads {@code environment} instead of the process's (a test's variables). */
  EvalRunCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (force && resume == null) {
      throw new ParameterException(spec.commandLine(), "--force: only with --resume RUN_ID (it resumes a run whose "
          + "heartbeat says another process still runs it)");
    }
    for (Path file : dataset == null ? List.of(suiteFile) : List.of(suiteFile, dataset)) {
      InputFiles.requireReadable(file);
    }
    String text = Files.readString(suiteFile, StandardCharsets.UTF_8) + overrides();
    Suite suite;
    try {
      suite = SuiteParser.parse(text);
    } catch (SuiteException e) {
      throw new BadInput(suiteFile + ": " + e.getMessage());
    }
    if (dataset != null) suite = suite.withDatasetPath(dataset.toAbsolutePath().toString());
    if (budget != null && !(Double.isFinite(budget) && budget >= 0)) {
      throw new ParameterException(spec.commandLine(), "--budget-usd: must be a number of dollars, 0 or more; got "
          + budget);
    }
    if (budget != null) suite = suite.withBudget(budget);
    Path base = suiteFile.toAbsolutePath().getParent();
    if (tenant != null && (url != null || apiKey != null)) {
      throw new ParameterException(spec.commandLine(), "--tenant: " + (url != null
          ? "the server at --url books the calls to the tenant of its key" : "the key's tenant is the one booked")
          + "; leave --tenant out");
    }
    // the key of calls over HTTP, to the server at --url or to the one serving the data directory alike
    String key = apiKey != null ? apiKey : environment.get(API_KEY_ENV);
    DataDirServer.Hold hold = null;
    route = url != null ? SetupHint.Route.URL : SetupHint.Route.IN_PROCESS;
    if (url != null) {
      ApiBase.of(url);
      RetrievalOverHttp.refuse(suite, "with --url this run's calls go to a server", "run the suite without --url,"
          + " with the gateway in this process (on a data directory no server serves), or leave the retrieval"
          + " metrics out");
    } else {
      // the gateway runs here only while the run holds the data directory: a server holding it takes the calls (a
      // gateway here would keep budgets of its own beside it), and another run with its own gateway is refused
      Path dir = Path.of(data.resolved().dataDir());
      try {
        hold = DataDirServer.claim(dir, DataDirServer.Holder.EVAL_RUN).orElse(null);
      } catch (DataDirServer.HeldElsewhere held) {
        url = BesideAServer.url(dir, held, suite, tenant, data.config, spec.commandLine().getErr());
        route = SetupHint.Route.BESIDE_SERVER;
      }
    }
    try {
      return evaluate(suite, text, base, key, out);
    } finally {
      if (hold != null) hold.close(); // once the gateway here has stopped, every trace written
    }
  }

  /** Runs the suite in this process's gateway (url null) or through the server at url; the exit status. */
  private int evaluate(Suite suite, String text, Path base, String key, PrintWriter out) throws java.io.IOException {
    String api = url == null ? null : ApiBase.of(url);
    RunCaller caller = new RunCaller(apiKey, tenant);
    if (url == null) {
      caller.checkTenant(data.resolved());
      SuiteModels.check(suiteFile, suite, data.resolved(), data.describe());
    }
    try (Session session = url == null ? Session.inProcess(data.resolved(), data.describe(), caller)
        : Session.remote(api, key, data.resolved())) {
      JdbcRunStore store = new JdbcRunStore(session.store().evaluations());
      ResolvedDataset items = items(suite, base, session, store);
      String banner = "evaluating " + suite.name() + ": " + items.items().size() + " items x "
          + suite.variants().size() + " variants through " + session.description();
      MetricRegistry registry = EvalMetrics.registry(session.embedder(), session.client());
      EvalRunner runner = new EvalRunner(session.client(), store, registry, Clock.systemUTC());
      RunControl control = new RunControl();
      try (StopOnInterrupt interrupt = StopOnInterrupt.install(control, spec.commandLine().getErr())) {
        RunOutcome outcome = run(runner, suite, text, items, control, banner, out);
        interrupt.runEnded();
        EvaluatedRun stored = StoredRuns.load(store, outcome.run().id(), StoredRuns.reportingRegistry());
        summarize(outcome, stored, out);
        return switch (outcome.run().status()) {
          case COMPLETED -> 0;
          case REFUSED -> 3;
          case BUDGET_EXHAUSTED -> 4;
          case INTERRUPTED -> 130;
          case RUNNING, FAILED -> 1;
        };
      }
    }
  }

  /**
   * The suite's items; a dataset that is not there or has a bad row is bad input (exit 2), as a bad suite is. A
   * resume reads the stored dataset version its run read, not the newest one the suite's name now means.
   */
  private ResolvedDataset items(Suite suite, Path base, Session session, JdbcRunStore store) {
    String pinned = resume == null ? null : store.run(resume).map(RunRecord::datasetRef).orElse(null);
    try {
      return DatasetSources.resolve(suite.dataset(), base,
          name -> stored(session, pinned == null ? name : pinned), suite.seed());
    } catch (IllegalArgumentException e) {
      throw new BadInput(e.getMessage());
    }
  }

  /**
   * The stored dataset {@code reference} names, read from this run's data directory, also with {@code --url}: one
   * that is not there is refused naming that directory, since {@code datasets list --url} may well show it on the server.
   */
  private StoredDataset stored(Session session, String reference) {
    return StoredDataset.find(session.store().datasets(), reference).orElseThrow(() -> {
      String dir = data.resolved().dataDir();
      return new IllegalArgumentException("no stored dataset '" + reference + "' in the data directory " + dir
          + (route == SetupHint.Route.URL ? ", where a run with --url reads it and keeps the run, not on the server:"
              + " give the server's data directory with --data-dir, or import the dataset here" : "")
          + " (see apprentice datasets list --data-dir " + dir + ")");
    });
  }

  /**
   * The command-line override that a resume must repeat, kept with the suite text: {@code --dataset}. The budget is
   * not kept: a run stopped at its cap is resumed with a higher {@code --budget-usd} or {@code budget_usd}.
   */
  private String overrides() {
    return dataset == null ? "" : "\n# --dataset " + dataset.toAbsolutePath() + "\n";
  }

  /** Runs the suite; the banner is printed once the run starts, after every check that may refuse it. */
  private RunOutcome run(EvalRunner runner, Suite suite, String text, ResolvedDataset items, RunControl control,
      String banner, PrintWriter out) {
    BarProgress.Mode mode = quiet ? BarProgress.Mode.NONE
        : Terminal.isInteractive() ? BarProgress.Mode.BAR : BarProgress.Mode.LINES;
    try (BarProgress progress = new BarProgress(out, spec.commandLine().getErr(), mode, banner)) {
      return runner.run(suite, text, items, resume, force, progress, control);
    } catch (IllegalArgumentException e) {
      // a bad metric, a placeholder the items lack, a resume of another run, of other items or of a running one
      throw new BadInput(e.getMessage());
    }
  }

  private void summarize(RunOutcome outcome, EvaluatedRun stored, PrintWriter out) throws java.io.IOException {
    out.printf(Locale.ROOT, "%nrun %s %s: %d item calls made, %d skipped (stored before), %d failed, %d refused for a"
        + " budget or rate limit (not run), $%.6f spent%n", outcome.run().id(), outcome.message(), outcome.ran(),
        outcome.skipped(), outcome.failed(), outcome.refusedByLimits(), outcome.spentUsd());
    ItemResult failed = outcome.pilotFailure();
    boolean refused = outcome.run().status() == RunStatus.BUDGET_EXHAUSTED && failed != null;
    if (refused) {
      // the gateway's budget, not the run's: not a setup to fix, and no budget_usd to raise
      out.println("the first refusal (variant " + failed.variant() + ", item " + failed.itemIndex() + "): "
          + failed.error());
      out.println(SetupHint.budget(failed.variant(), route) + "; then resume with --resume "
          + outcome.run().id());
    } else if (failed != null) {
      boolean limited = outcome.failedJudge() == null && failed.refusedForRateLimit();
      out.println("the first " + (limited ? "refusal" : "error") + " (variant " + failed.variant() + ", item "
          + failed.itemIndex() + "): " + failed.error());
      String hint = outcome.failedJudge() != null ? SetupHint.judge(outcome.failedJudge(), route)
          : limited ? SetupHint.rateLimit(failed.variant(), route)
          : failed.requestRefused() ? SetupHint.refused(failed.variant(), failed.errorMessage(), route)
          : SetupHint.of(failed.variant(), route);
      out.println(hint + ", then resume with --resume " + outcome.run().id());
      out.flush();
      return;
    }
    String resume = "raise budget_usd (or --budget-usd) and resume with --resume " + outcome.run().id();
    if (outcome.run().status() == RunStatus.REFUSED) {
      out.println(resume);
      out.flush();
      return;
    }
    if (outcome.run().status() == RunStatus.BUDGET_EXHAUSTED && !refused) out.println(resume);
    out.println();
    var report = stored.report();
    out.print(MarkdownReport.render(report));
    Path html = EvalReportCommand.writeHtml(report, data.reportsDir(), null);
    out.println("\nHTML report: " + html.toAbsolutePath().normalize());
    out.flush();
  }
}
