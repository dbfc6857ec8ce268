package dev.apprentice.cli.eval;

import dev.apprentice.cli.CommandRun;
import dev.apprentice.server.eval.JdbcRunStore;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.eval.dataset.DatasetSources;
import dev.apprentice.eval.metric.EvalMetrics;
import dev.apprentice.eval.run.EvalRunner;
import dev.apprentice.eval.run.ItemResult;
import dev.apprentice.eval.run.Progress;
import dev.apprentice.eval.run.RunControl;
import dev.apprentice.eval.run.RunOutcome;
import dev.apprentice.eval.run.RunStatus;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.SuiteParser;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.store.Store;
import dev.apprentice.store.TraceQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A suite run end to end against the simulator, through the in-process gateway and the command line. */
class EvalEndToEndTest {

  @TempDir
  Path dir;

  private Path config;
  private Path data;

  @BeforeEach
  void writeFiles() throws Exception {
    EvalFixture.writeItems(dir);
    config = EvalFixture.writeConfig(dir);
    data = dir.resolve("data");
  }

  private CommandRun eval(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "eval";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--config";
    all[args.length + 2] = config.toString();
    all[args.length + 3] = "--data-dir";
    all[args.length + 4] = data.toString();
    return EvalFixture.cli(all);
  }

  private List<TraceRecord> traces() {
    try (Store store = Store.open("jdbc:sqlite:" + data.resolve("apprentice.db"))) {
      return store.traces().list(new TraceQuery(1000, null, null, null, null, null));
    }
  }

  @Test
  void aSuiteRunsThroughTheGatewayAndItsReportShowsTheBetterVariant() throws Exception {
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "");

    CommandRun run = eval("run", suite.toString(), "--no-progress");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    String id = EvalFixture.runId(run);
    assertThat(run.out()).contains("completed").contains("| large ★ | sim-large |").contains("+33.3 points accuracy [")
        .containsPattern("for 4\\.\\d× the cost");
    Path html = data.resolve("reports").resolve(id + ".html");
    assertThat(html).exists();
    assertThat(Files.readString(html)).contains("small").contains("large").contains("<svg").contains("<circle");
    List<TraceRecord> traces = traces();
    assertThat(traces).hasSize(60).allSatisfy(t -> assertThat(t.tags()).startsWith("eval", id));
    assertThat(traces).filteredOn(t -> t.tags().contains("large")).allSatisfy(t -> assertThat(t.model()).isEqualTo("sim-large"));
    assertThat(traces).allSatisfy(t -> assertThat(t.costUsd()).isPositive());
  }

  @Test
  void anInterruptedRunResumesWithOnlyTheItemsItHadNotRun() throws Exception {
    Path suiteFile = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "concurrency: 1");
    String text = Files.readString(suiteFile);
    Suite suite = SuiteParser.parse(text);
    String id;
    int storedBefore;
    try (Session session = Session.inProcess(ConfigLoader.load(config, Map.of()).withDataDir(data.toString()), "test",
        new RunCaller(null, null))) {
      JdbcRunStore store = new JdbcRunStore(session.store().evaluations());
      RunControl control = new RunControl();
      AtomicInteger done = new AtomicInteger();
      Progress killAfterTwenty = new Progress() {
        @Override
        public void itemDone(ItemResult result) {
          if (done.incrementAndGet() == 20) control.stop();
        }
      };
      RunOutcome outcome = new EvalRunner(session.client(), store, EvalMetrics.registry(null, session.client()),
          Clock.systemUTC()).run(suite, text, DatasetSources.load(suite.dataset(), dir, null, suite.seed()), null, killAfterTwenty,
          control);
      assertThat(outcome.run().status()).isEqualTo(RunStatus.INTERRUPTED);
      id = outcome.run().id();
      storedBefore = store.items(id).size();
    }
    assertThat(storedBefore).isBetween(20, 21);

    CommandRun resumed = eval("run", suiteFile.toString(), "--resume", id, "--no-progress");

    assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
    assertThat(resumed.out()).contains((60 - storedBefore) + " item calls made, " + storedBefore + " skipped");
    assertThat(traces()).hasSize(60);
    assertThat(eval("list").out()).contains(id).contains("completed");
  }

  @Test
  void aRunWhoseEstimateIsOverTheBudgetIsRefusedAfterThePilot() throws Exception {
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 2");

    CommandRun run = eval("run", suite.toString(), "--budget-usd", "0.5", "--no-progress");

    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(3);
    assertThat(run.out()).contains("cost estimate: $").contains("refused").contains("4 item calls made");
    assertThat(traces()).hasSize(4);
  }

  @Test
  void aRunStopsAtTheBudgetCapWithoutSpendingPastIt() throws Exception {
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0\nbudget_usd: 0.3");

    CommandRun run = eval("run", suite.toString(), "--no-progress");

    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(4);
    assertThat(run.out()).contains("stopped at the budget cap");
    double spent = traces().stream().mapToDouble(TraceRecord::costUsd).sum();
    assertThat(spent).isGreaterThan(0.15).isLessThanOrEqualTo(0.3);
    assertThat(traces().size()).isLessThan(60);
  }

  @Test
  void aRunStoppedAtTheBudgetCapResumesWithAHigherBudgetOnTheCommandLine() throws Exception {
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0");
    CommandRun capped = eval("run", suite.toString(), "--budget-usd", "0.3", "--no-progress");
    assertThat(capped.exit()).as(capped.out() + capped.err()).isEqualTo(4);
    assertThat(capped.out()).contains("--budget-usd").contains("--resume");

    CommandRun resumed = eval("run", suite.toString(), "--budget-usd", "100", "--resume", EvalFixture.runId(capped),
        "--no-progress");

    assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
    assertThat(traces()).hasSize(60);
  }

  @Test
  void aRunStoppedAtTheBudgetCapResumesAfterTheSuiteFileRaisesItsBudget() throws Exception {
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0\nbudget_usd: 0.3");
    CommandRun capped = eval("run", suite.toString(), "--no-progress");
    assertThat(capped.exit()).as(capped.out() + capped.err()).isEqualTo(4);

    EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0\nbudget_usd: 100");
    CommandRun resumed = eval("run", suite.toString(), "--resume", EvalFixture.runId(capped), "--no-progress");

    assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
    assertThat(traces()).hasSize(60);
  }

  @Test
  void aSuiteOrDatasetFileThatCannotBeReadIsBadUsageBeforeAnythingRuns() throws Exception {
    Path noSuite = dir.resolve("nope.yaml");
    CommandRun run = eval("run", noSuite.toString(), "--no-progress");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("apprentice: cannot read " + noSuite + ": no such file\n");

    Path noItems = dir.resolve("nope.csv");
    CommandRun dataset = eval("run", EvalFixture.writeSuite(dir, "good.yaml", "{{category}}", "").toString(),
        "--dataset", noItems.toString(), "--no-progress");
    assertThat(dataset.exit()).isEqualTo(2);
    assertThat(dataset.err()).isEqualTo("apprentice: cannot read " + noItems + ": no such file\n");
    assertThat(data.resolve("apprentice.db")).doesNotExist();
  }

  @Test
  void aSuiteThatIsNotValidOrADatasetWithABadRowIsBadInputInOneLine() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "name: t\nvariants: [\n");
    CommandRun yaml = eval("run", broken.toString(), "--no-progress");
    assertThat(yaml.exit()).isEqualTo(2);
    assertThat(yaml.err()).isEqualTo("apprentice: " + broken + ": not valid YAML at line 2, column 12: expected the "
        + "node content, but found '<stream end>'\n");

    Path rows = Files.writeString(dir.resolve("rows.jsonl"), "{\"text\": \"a\", \"category\": \"b\"}\n{oops\n");
    CommandRun badRow = eval("run", EvalFixture.writeSuite(dir, "good.yaml", "{{category}}", "").toString(),
        "--dataset", rows.toString(), "--no-progress");
    assertThat(badRow.exit()).isEqualTo(2);
    assertThat(badRow.err()).startsWith("apprentice: rows.jsonl line 2: not a JSON object").hasLineCount(1);
  }

  @Test
  void aVariantWithAModelTheConfigLacksOrAPlaceholderTheItemsLackIsBadInputBeforeAnyCall() throws Exception {
    Path unknownModel = EvalFixture.writeSuite(dir, "model.yaml", "{{category}}", "");
    Files.writeString(unknownModel, Files.readString(unknownModel).replace("model: sim-large", "model: gpt-9"));
    CommandRun model = eval("run", unknownModel.toString(), "--no-progress");
    assertThat(model.exit()).isEqualTo(2);
    assertThat(model.err()).isEqualTo("apprentice: " + unknownModel + ": variants[1].model: no model 'gpt-9' in the "
        + "config (" + config + "; models: sim-small, sim-large)\n");

    CommandRun placeholder = eval("run", EvalFixture.writeSuite(dir, "p.yaml", "{{nope}}", "").toString(), "--no-progress");
    assertThat(placeholder.exit()).isEqualTo(2);
    assertThat(placeholder.err()).startsWith("apprentice: variant large: item 0 has no value for {{nope}}")
        .hasLineCount(1);
    assertThat(traces()).isEmpty();
  }

  @Test
  void aConfigThatIsNotThereOrNotValidIsBadUsageInOneLine() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "modles: {}\n");
    CommandRun missing = EvalFixture.cli("eval", "list", "--config", dir.resolve("nope.yaml").toString());
    CommandRun invalid = EvalFixture.cli("eval", "list", "--config", broken.toString());

    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).startsWith("apprentice: invalid config " + dir.resolve("nope.yaml")).hasLineCount(1);
    assertThat(invalid.exit()).isEqualTo(2);
    assertThat(invalid.err()).startsWith("apprentice: invalid config " + broken).contains("modles").hasLineCount(1);
  }

  @Test
  void theReportCommandWritesEachFormatAndTheGateCatchesARegression() throws Exception {
    String good = EvalFixture.runId(eval("run", EvalFixture.writeSuite(dir, "good.yaml", "{{category}}", "").toString(),
        "--no-progress"));
    String worse = EvalFixture.runId(eval("run", EvalFixture.writeSuite(dir, "worse.yaml", "{{text}}", "").toString(),
        "--no-progress"));

    assertThat(eval("report", good, "--format", "json").out()).contains("\"run_id\" : \"" + good + "\"");
    assertThat(eval("report", good, "--format", "md").out()).contains("### Verdicts");
    Path html = dir.resolve("out/report.html");
    assertThat(eval("report", good, "--output", html.toString()).exit()).isZero();
    assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>");

    assertThat(eval("gate", good, "--baseline", good).exit()).isZero();
    CommandRun gate = eval("gate", worse, "--baseline", good, "--max-drop", "0.02");
    assertThat(gate.exit()).isEqualTo(1);
    assertThat(gate.out()).contains("FAIL  large / accuracy: change -1.0000").contains("gate failed");
    assertThat(gate.out().lines()).as("no line a CI log wraps")
        .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(GateLines.WIDTH));
  }

  @Test
  void aReportThatCannotBeWrittenWhereItsOutputSaysFailsSayingWhyInOneLine() throws Exception {
    String run = EvalFixture.runId(eval("run", EvalFixture.writeSuite(dir, "good.yaml", "{{category}}", "").toString(),
        "--no-progress"));
    Path file = Files.writeString(dir.resolve("notes.txt"), "a file, not a folder");
    Path folder = Files.createDirectories(dir.resolve("reports-here"));

    CommandRun underAFile = eval("report", run, "--format", "md", "--output", file.resolve("report.md").toString());
    CommandRun intoAFolder = eval("report", run, "--output", folder.toString());

    assertThat(underAFile.exit()).isEqualTo(1);
    assertThat(underAFile.err()).isEqualTo("apprentice: cannot write " + file.resolve("report.md") + ": " + file
        + " is a file, not a folder\n");
    assertThat(intoAFolder.exit()).isEqualTo(1);
    assertThat(intoAFolder.err()).isEqualTo("apprentice: cannot write " + folder + ": a folder\n");
  }

  @Test
  void theGateRefusesToCompareRunsOfDifferentItemsAsBadUsage() throws Exception {
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "");
    List<String> lines = Files.readAllLines(dir.resolve("items.csv"));
    Path fewer = Files.write(dir.resolve("fewer.csv"), lines.subList(0, 11));
    String all = EvalFixture.runId(eval("run", suite.toString(), "--no-progress"));
    String ten = EvalFixture.runId(eval("run", suite.toString(), "--dataset", fewer.toString(), "--no-progress"));

    CommandRun gate = eval("gate", ten, "--baseline", all);

    assertThat(gate.exit()).as(gate.out() + gate.err()).isEqualTo(2);
    assertThat(gate.err()).startsWith("apprentice: run " + ten + " and baseline run " + all
        + " were run on different items").hasLineCount(1);
    assertThat(gate.out()).doesNotContain("gate passed");
  }

  @Test
  void anUnknownRunIdIsBadUsageForTheGateAndTheReportSoATypoIsNotTakenForARegression() throws Exception {
    String id = EvalFixture.runId(eval("run", EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "").toString(),
        "--no-progress"));

    for (String[] args : new String[][] {{"gate", "ev-nosuch"}, {"gate", id, "--baseline", "ev-nosuch"},
        {"report", "ev-nosuch", "--format", "md"}}) {
      CommandRun run = eval(args);

      assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.err()).isEqualTo("apprentice: no evaluation run ev-nosuch (see 'apprentice eval list')\n");
      assertThat(run.out()).doesNotContain("gate");
    }
  }

  @Test
  void aResumeOfARunWithNothingLeftToRunIsRefusedBeforeItPrintsAnything() throws Exception {
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0");
    String id = EvalFixture.runId(eval("run", suite.toString(), "--no-progress"));

    CommandRun again = eval("run", suite.toString(), "--resume", id, "--no-progress");

    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.out()).isEmpty();
    assertThat(again.err()).isEqualTo("apprentice: run " + id + " is completed and every item of every variant "
        + "succeeded: nothing to resume\n");
  }

  @Test
  void theRunListIsATableAsTheOtherListsAreWithTimesToTheSecondAndNoTrailingSpaces() throws Exception {
    assertThat(eval("list").out()).isEqualTo("no evaluation runs yet (start one with: apprentice eval run SUITE)\n");
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0");
    String id = EvalFixture.runId(eval("run", suite.toString(), "--no-progress"));

    List<String> lines = eval("list").out().lines().toList();

    assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line).doesNotEndWith(" "));
    assertThat(lines.get(0)).matches("RUN +SUITE +STATUS +STARTED +ENDED");
    String time = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d";
    assertThat(lines.get(1)).matches(id + " +banking-intents +completed +" + time + " +" + time);
  }

  @Test
  void aRunWhoseHeartbeatIsFreshIsResumedOnlyWithForceAndNotEvenSoWithinOneBeat() throws Exception {
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "");
    String id = EvalFixture.runId(eval("run", suite.toString(), "--no-progress"));
    try (Store store = Store.open("jdbc:sqlite:" + data.resolve("apprentice.db"))) {
      store.evaluations().updateRun(id, "running", null);
      store.evaluations().heartbeat(id, java.time.Instant.now());
    }
    CommandRun alive = eval("run", suite.toString(), "--resume", id, "--force", "--no-progress");
    try (Store store = Store.open("jdbc:sqlite:" + data.resolve("apprentice.db"))) {
      store.evaluations().heartbeat(id, java.time.Instant.now().minusSeconds(30));
    }

    CommandRun refused = eval("run", suite.toString(), "--resume", id, "--no-progress");
    CommandRun forced = eval("run", suite.toString(), "--resume", id, "--force", "--no-progress");

    assertThat(alive.exit()).isEqualTo(2);
    assertThat(alive.err()).contains("less than one heartbeat interval (10 s), so it is alive").hasLineCount(1);
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("run " + id + " is still running in another process").hasLineCount(1);
    assertThat(forced.exit()).as(forced.out() + forced.err()).isZero();
    assertThat(forced.out()).contains("0 item calls made, 60 skipped");
  }

  @Test
  void aGateLimitThatIsNotAFractionFromZeroToOneIsBadUsage() throws Exception {
    String id = EvalFixture.runId(eval("run", EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "").toString(),
        "--no-progress"));

    for (String[] limit : new String[][] {{"--max-drop", "NaN"}, {"--max-drop", "-0.1"}, {"--max-drop", "Infinity"},
        {"--max-error-rate", "1.5"}, {"--max-error-rate", "NaN"}}) {
      CommandRun gate = eval("gate", id, "--baseline", id, limit[0], limit[1]);

      assertThat(gate.exit()).as(String.join(" ", limit)).isEqualTo(2);
      assertThat(gate.err()).startsWith("apprentice: " + limit[0] + " must be a fraction from 0 to 1").hasLineCount(1);
      assertThat(gate.out()).doesNotContain("gate passed");
    }
  }

  @Test
  void aBudgetCapThatIsNotANumberOfDollarsIsBadUsageBeforeAnyCall() throws Exception {
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "");
    for (String budget : new String[] {"NaN", "-0.5", "Infinity"}) {
      CommandRun run = eval("run", suite.toString(), "--budget-usd", budget, "--no-progress");

      assertThat(run.exit()).as(budget).isEqualTo(2);
      assertThat(run.err()).contains("--budget-usd: must be a number of dollars, 0 or more");
    }
  }
}
