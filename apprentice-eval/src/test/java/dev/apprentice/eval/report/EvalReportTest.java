package dev.apprentice.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.run.EvalRunner;
import dev.apprentice.eval.run.FakeChatClient;
import dev.apprentice.eval.run.Items;
import dev.apprentice.eval.run.MemoryRunStore;
import dev.apprentice.eval.run.Progress;
import dev.apprentice.eval.run.RunControl;
import dev.apprentice.eval.run.RunMetrics;
import dev.apprentice.eval.run.ItemResult;
import dev.apprentice.eval.run.RunOutcome;
import dev.apprentice.eval.run.RunRecord;
import dev.apprentice.eval.run.RunStatus;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.SuiteParser;
import java.time.Clock;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/** Reports and the gate on runs whose answers are right on a known share of the items. */
class EvalReportTest {

  private static final String SUITE = """
      name: intents
      dataset: { path: items.csv }
      variants:
        - { name: weak, model: weak, prompt: "{{category}} {{input}}" }
        - { name: strong, model: strong, prompt: "{{category}} {{input}}" }
      metrics:
        - { name: accuracy, threshold: 1, weight: 1, min_pass_rate: %s }
        - { name: macro_f1, weight: 0 }
      concurrency: 4
      pilot_items: 0
      resamples: 1000
      """;

  private final MemoryRunStore store = new MemoryRunStore();

  /** The answer is the item's label when {@code right} holds for the item's number, else "wrong". */
  private static String answer(ChatRequest r, IntPredicate weakRight, IntPredicate strongRight) {
    String[] words = r.messages().getLast().text().split(" ");
    int item = Integer.parseInt(words[2]);
    boolean right = r.model().equals("strong") ? strongRight.test(item) : weakRight.test(item);
    return right ? words[0] : "wrong";
  }

  private EvaluatedRun run(String minPassRate, IntPredicate weakRight, IntPredicate strongRight) {
    return run(minPassRate, weakRight, strongRight, 100);
  }

  private EvaluatedRun run(String minPassRate, IntPredicate weakRight, IntPredicate strongRight, int items) {
    return run(minPassRate, weakRight, strongRight, items, i -> false);
  }

  /** A run whose strong variant's call fails on the items {@code strongFails} holds for. */
  private EvaluatedRun run(String minPassRate, IntPredicate weakRight, IntPredicate strongRight, int items,
      IntPredicate strongFails) {
    return runSuite(SUITE.formatted(minPassRate), weakRight, strongRight, items, strongFails);
  }

  private EvaluatedRun runSuite(String text, IntPredicate weakRight, IntPredicate strongRight, int items,
      IntPredicate strongFails) {
    Suite suite = SuiteParser.parse(text);
    FakeChatClient priced = new FakeChatClient(r -> r.model().equals("strong")
        && strongFails.test(Integer.parseInt(r.messages().getLast().text().split(" ")[2])) ? null
        : answer(r, weakRight, strongRight), r -> r.model().equals("strong") ? 0.004 : 0.001);
    RunOutcome outcome = new EvalRunner(priced, store, MetricRegistry.standard(), Clock.systemUTC())
        .run(suite, text, Items.labelled(items), null, Progress.NONE, new RunControl());
    return new EvaluatedRun(outcome.run(), suite, RunMetrics.of(suite, MetricRegistry.standard()),
        store.items(outcome.run().id()));
  }

  @Test
  void theReportFindsTheBetterVariantWithItsIntervalCostAndVerdict() {
    RunReport report = run("0.5", i -> i % 10 < 6, i -> i % 10 < 9).report();

    VariantResult weak = report.variant("weak");
    VariantResult strong = report.variant("strong");
    assertThat(weak.metrics().get("accuracy").mean()).isEqualTo(0.6);
    assertThat(strong.metrics().get("accuracy").mean()).isEqualTo(0.9);
    assertThat(strong.metrics().get("accuracy").low()).isLessThan(0.9);
    assertThat(strong.metrics().get("accuracy").high()).isGreaterThan(0.9);
    assertThat(strong.metrics().get("accuracy").passRate()).isEqualTo(0.9);
    assertThat(strong.costUsdPer1kRequests()).isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-9));
    Comparison c = strong.vsBaseline().get("accuracy");
    assertThat(c.difference()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(c.better()).isTrue();
    assertThat(c.wins()).isEqualTo(30);
    assertThat(c.losses()).isZero();
    assertThat(weak.verdict()).isEqualTo("baseline");
    assertThat(strong.verdict()).startsWith("+30.0 points accuracy [").contains("better").endsWith("for 4.0× the cost");
    assertThat(weak.onFrontier()).isTrue();
    assertThat(strong.onFrontier()).isTrue();
  }

  @Test
  void theSameSeedAndDataGiveTheSameReport() {
    EvaluatedRun run = run("0.5", i -> i % 10 < 6, i -> i % 10 < 9);

    assertThat(JsonReport.render(run.report())).isEqualTo(JsonReport.render(run.report()));
  }

  @Test
  void theHtmlReportIsSelfContainedAndShowsTheVariantsAndTheChart() {
    String html = HtmlReport.render(run("0.5", i -> i % 10 < 6, i -> i % 10 < 9).report());

    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("<circle").contains("weak")
        .contains("strong").contains("Pareto frontier");
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://", "https://",
        "<script", "<link");
  }

  @Test
  void theHtmlComparisonTableNamesTheTestItsPValueComesFrom() {
    String html = HtmlReport.render(run("0.5", i -> i % 10 < 6, i -> i % 10 < 9).report());

    assertThat(html).contains("<th>p (paired randomization)</th>").doesNotContain("p (paired bootstrap)");
  }

  @Test
  void theJsonAndMarkdownReportsCarryTheNumbers() throws Exception {
    RunReport report = run("0.5", i -> i % 10 < 6, i -> i % 10 < 9).report();

    JsonNode json = new ObjectMapper().readTree(JsonReport.render(report));
    assertThat(json.at("/variants/1/metrics/accuracy/mean").asDouble()).isEqualTo(0.9);
    assertThat(json.at("/variants/1/vs_baseline/accuracy/p_value").asDouble()).isLessThan(0.05);
    String md = MarkdownReport.render(report);
    assertThat(md).contains("| strong ★ | strong |").contains("0.900 [").contains("### Verdicts");
  }

  @Test
  void aBarInAVariantOrMetricNameStaysInsideItsMarkdownTableCell() {
    String text = SUITE.formatted("0.5").replace("name: strong,", "name: \"strong|v2\",")
        .replace("{ name: macro_f1, weight: 0 }", "{ name: \"f1|macro\", metric: macro_f1, weight: 0 }");

    String md = MarkdownReport.render(runSuite(text, i -> i % 10 < 6, i -> i % 10 < 9, 100, i -> false).report());

    assertThat(md).contains("| accuracy | f1\\|macro | quality |").contains("| strong\\|v2 ★ | strong |")
        .contains("| strong\\|v2 | f1\\|macro | ");
    String header = md.lines().filter(l -> l.startsWith("| variant | model |")).findFirst().orElseThrow();
    md.lines().filter(l -> l.startsWith("| strong")).forEach(row -> assertThat(cells(row)).as(row)
        .isEqualTo(row.contains(" | strong | ") ? cells(header) : 6));
  }

  /** The cells of a Markdown table row: its bars, less escaped ones, less one. */
  private static int cells(String row) {
    return row.replace("\\|", "").length() - row.replace("\\|", "").replace("|", "").length() - 1;
  }

  @Test
  void theMarkdownSummaryHasEachVariantsTotalCostAndJudgeCostAsTheHtmlReportHas() {
    RunReport report = run("0.5", i -> i % 10 < 6, i -> i % 10 < 9).report();
    VariantResult strong = report.variants().get(1);

    String md = MarkdownReport.render(report);

    assertThat(md)
        .contains("| cost / 1k req | total cost | judge cost | latency p50 / p95 ms | errors | refused (limits) |");
    assertThat(md.lines().filter(l -> l.startsWith("| strong ")).findFirst().orElseThrow())
        .contains("| " + Format.usd(strong.costUsd()) + " | " + Format.usd(strong.judgeCostUsd()) + " |");
    assertThat(strong.costUsd()).isPositive();
  }

  @Test
  void theJsonReportWritesNoNumberWithMoreThanTwelveSignificantDigits() {
    // a hundred calls at 0.001 and 0.004 add up to sums with floating-point noise in their last bits
    String json = JsonReport.render(run("0.5", i -> i % 10 < 6, i -> i % 10 < 9).report());

    List<String> numbers = java.util.regex.Pattern.compile("(?<![\\w\".])-?\\d+\\.\\d+(?:[eE][-+]?\\d+)?")
        .matcher(json).results().map(java.util.regex.MatchResult::group).toList();
    assertThat(numbers).isNotEmpty();
    assertThat(numbers).allSatisfy(n -> assertThat(new java.math.BigDecimal(n).stripTrailingZeros().precision())
        .as(n).isLessThanOrEqualTo(12));
  }

  @Test
  void theGateFailsASignificantRegressionAndSaysWhy() {
    EvaluatedRun before = run("0", i -> i % 10 < 6, i -> i % 10 < 9);
    EvaluatedRun after = run("0", i -> i % 10 < 6, i -> i % 10 < 5);

    Gate.Result result = Gate.check(after, before, 0.02);

    assertThat(result.passed()).isFalse();
    assertThat(result.failures()).hasSize(2).allSatisfy(f -> assertThat(f).startsWith("strong / ")
        .contains("significant regression").containsPattern(", p[<=]0\\.\\d+"));
    assertThat(result.failures().getFirst()).startsWith("strong / accuracy: change -0.4000");
    assertThat(result.checks()).anySatisfy(c -> assertThat(c).startsWith("weak / accuracy: change +0.0000"));
  }

  @Test
  void theGatePassesAnUnchangedRunAndAChangeWithinTheAllowedDrop() {
    EvaluatedRun before = run("0", i -> i % 10 < 6, i -> i % 10 < 9);
    EvaluatedRun same = run("0", i -> i % 10 < 6, i -> i % 10 < 9);
    EvaluatedRun slightlyWorse = run("0", i -> i % 10 < 6, i -> i % 100 < 89);

    assertThat(Gate.check(same, before, 0.02).passed()).isTrue();
    assertThat(Gate.check(slightlyWorse, before, 0.02).passed()).isTrue();
  }

  @Test
  void theGateFailsAPassRateBelowTheSuiteMinimum() {
    Gate.Result result = Gate.check(run("0.7", i -> i % 10 < 6, i -> i % 10 < 9), null, 0.02);

    assertThat(result.passed()).isFalse();
    assertThat(result.failures()).singleElement().asString().startsWith("weak / accuracy: pass rate 0.600");
  }

  @Test
  void theGateFailsWhenTheBaselineRunIsNotCompleted() {
    EvaluatedRun before = run("0", i -> i % 10 < 6, i -> i % 10 < 9);
    EvaluatedRun stopped = new EvaluatedRun(before.run().withStatus(RunStatus.INTERRUPTED, before.run().startedAt()),
        before.suite(), before.metrics(), before.items());

    Gate.Result result = Gate.check(run("0", i -> i % 10 < 6, i -> i % 10 < 9), stopped, 0.02);

    assertThat(result.passed()).isFalse();
    assertThat(result.failures()).anySatisfy(f -> assertThat(f).contains("baseline run " + before.run().id())
        .contains("interrupted"));
  }

  @Test
  void theGateFailsWhenTheBaselineRunHasNoItems() {
    EvaluatedRun before = run("0", i -> i % 10 < 6, i -> i % 10 < 9);
    EvaluatedRun empty = new EvaluatedRun(before.run(), before.suite(), before.metrics(), List.of());

    Gate.Result result = Gate.check(run("0", i -> i % 10 < 6, i -> i % 10 < 9), empty, 0.02);

    assertThat(result.passed()).isFalse();
    assertThat(result.failures()).anySatisfy(f -> assertThat(f).contains("no successful items"));
  }

  @Test
  void theGateFailsAVariantTheBaselineRunDoesNotHave() {
    EvaluatedRun before = run("0", i -> i % 10 < 6, i -> i % 10 < 9);
    List<ItemResult> onlyWeak = before.items().stream().filter(r -> r.variant().equals("weak")).toList();
    EvaluatedRun renamed = new EvaluatedRun(before.run(), before.suite(), before.metrics(), onlyWeak);

    Gate.Result result = Gate.check(run("0", i -> i % 10 < 6, i -> i % 10 < 9), renamed, 0.02);

    assertThat(result.passed()).isFalse();
    assertThat(result.failures()).singleElement().asString().startsWith("strong: ").contains("not in the baseline run");
    assertThat(result.checks()).anySatisfy(c -> assertThat(c).startsWith("weak / accuracy: change"));
  }

  @Test
  void theGateFailsWhenTheBaselineSuiteSharesNoMetricWithTheRun() {
    EvaluatedRun before = run("0", i -> i % 10 < 6, i -> i % 10 < 9);
    Suite otherMetrics = SuiteParser.parse(SUITE.formatted("0").replace("accuracy", "exact").replace("macro_f1", "f1")
        .replace("name: exact", "name: exact, metric: accuracy").replace("name: f1", "name: f1, metric: macro_f1"));
    EvaluatedRun unrelated = new EvaluatedRun(before.run(), otherMetrics, before.metrics(), before.items());

    Gate.Result result = Gate.check(run("0", i -> i % 10 < 6, i -> i % 10 < 9), unrelated, 0.02);

    assertThat(result.passed()).isFalse();
    assertThat(result.failures()).singleElement().asString().startsWith("nothing compared");
  }

  @Test
  void theGateFailsAMetricTheBaselineSuiteMeasuredDifferentlyInsteadOfComparingTheTwoMeasures() {
    EvaluatedRun before = run("0", i -> i % 10 < 6, i -> i % 10 < 9);
    Suite caseSensitive = SuiteParser.parse(SUITE.formatted("0").replace("{ name: accuracy, threshold: 1,",
        "{ name: accuracy, settings: { lowercase: false }, threshold: 1,"));
    EvaluatedRun otherMeasure = new EvaluatedRun(before.run(), caseSensitive, before.metrics(), before.items());

    Gate.Result result = Gate.check(run("0", i -> i % 10 < 6, i -> i % 10 < 9), otherMeasure, 0.02);

    assertThat(result.passed()).isFalse();
    assertThat(result.failures()).singleElement().asString().isEqualTo("accuracy: measured differently in the "
        + "baseline run " + before.run().id() + "'s suite (accuracy with settings {lowercase=false} there, accuracy "
        + "with settings {} here): not compared; gate against a baseline run that measured it the same way");
    assertThat(result.checks()).anySatisfy(c -> assertThat(c).startsWith("strong / macro_f1: change"))
        .noneSatisfy(c -> assertThat(c).contains("/ accuracy: change"));
  }

  @Test
  void theGateListsAMetricOnlyTheBaselineSuiteHasAsNotCompared() {
    EvaluatedRun before = run("0", i -> i % 10 < 6, i -> i % 10 < 9);
    Suite withBleu = SuiteParser.parse(SUITE.formatted("0").replace("- { name: macro_f1, weight: 0 }",
        "- { name: macro_f1, weight: 0 }\n  - { name: bleu }"));
    EvaluatedRun moreMetrics = new EvaluatedRun(before.run(), withBleu, before.metrics(), before.items());

    Gate.Result result = Gate.check(run("0", i -> i % 10 < 6, i -> i % 10 < 9), moreMetrics, 0.02);

    assertThat(result.passed()).isTrue();
    assertThat(result.checks()).contains("bleu: only in the baseline run " + before.run().id() + "'s suite, not "
        + "compared");
  }

  @Test
  void theGateDoesNotCallOneLostItemOrThreeIdenticalLossesASignificantRegression() {
    for (int items : new int[] {1, 3}) {
      EvaluatedRun before = run("0", i -> true, i -> true, items);
      EvaluatedRun after = run("0", i -> true, i -> false, items);

      Gate.Result result = Gate.check(after, before, 0.02);

      assertThat(result.passed()).as("%d items: %s", items, result.failures()).isTrue();
      assertThat(result.checks()).anySatisfy(c -> assertThat(c).startsWith("strong / accuracy: change -1.0000"));
    }
  }

  @Test
  void theGateFailsAVariantWhoseItemsAllFailedInTheBaselineRun() {
    EvaluatedRun before = run("0", i -> i % 10 < 6, i -> i % 10 < 9);
    List<ItemResult> strongFailed = before.items().stream().map(r -> r.variant().equals("weak") ? r
        : new ItemResult(r.runId(), r.variant(), r.itemIndex(), "", null, 0, 0, 0, 0, 0, 0, null, "upstream_error"))
        .toList();
    EvaluatedRun broken = new EvaluatedRun(before.run(), before.suite(), before.metrics(), strongFailed);

    Gate.Result result = Gate.check(run("0", i -> i % 10 < 6, i -> i % 10 < 9), broken, 0.02);

    assertThat(result.passed()).isFalse();
    assertThat(result.failures()).anySatisfy(f -> assertThat(f).startsWith("strong: no successful items in the baseline"));
  }

  @Test
  void theGateFailsARunWhoseCallsMostlyFailedEvenThoughTheItemsThatWorkedDidNotGetWorse() {
    EvaluatedRun before = run("0", i -> i % 10 < 6, i -> i % 10 < 9);
    EvaluatedRun after = run("0", i -> i % 10 < 6, i -> i % 10 < 9, 100, i -> i % 10 < 8);

    Gate.Result result = Gate.check(after, before, 0.02);

    assertThat(result.passed()).isFalse();
    assertThat(result.failures()).singleElement().asString()
        .isEqualTo("strong: 80 of 100 items failed (0.800, max error rate 0.020): too many to judge the variant by "
            + "the rest");
    assertThat(result.checks()).anySatisfy(c -> assertThat(c).startsWith("strong / accuracy: change +0.0000")
        .endsWith("compared on 20 of 100 items"));
    assertThat(result.checks()).contains("weak: 0 of 100 items failed (0.000, max error rate 0.020)");
  }

  @Test
  void theGateFailsWhenTheBaselineRunsCallsMostlyFailed() {
    EvaluatedRun before = run("0", i -> i % 10 < 6, i -> i % 10 < 9, 100, i -> i % 2 == 0);

    Gate.Result result = Gate.check(run("0", i -> i % 10 < 6, i -> i % 10 < 9), before, 0.02);

    assertThat(result.passed()).isFalse();
    assertThat(result.failures()).singleElement().asString()
        .startsWith("baseline run " + before.run().id() + " / strong: 50 of 100 items failed");
  }

  @Test
  void aFewFailedItemsPassWithinTheErrorRateAndFailWithoutIt() {
    EvaluatedRun before = run("0", i -> i % 10 < 6, i -> i % 10 < 9);
    EvaluatedRun after = run("0", i -> i % 10 < 6, i -> i % 10 < 9, 100, i -> i == 7);

    assertThat(Gate.check(after, before, 0.02).passed()).isTrue();
    assertThat(Gate.check(after, before, new GateLimits(0.02, 0)).failures()).singleElement().asString()
        .startsWith("strong: 1 of 100 items failed");
  }

  @Test
  void aCompletedRunThatFailedTheGateOnItsErrorRateIsResumedAndTheGateAndReportReadTheRetriedItems() {
    EvaluatedRun failing = run("0", i -> i % 10 < 6, i -> i % 10 < 9, 100, i -> i % 25 == 0);
    assertThat(failing.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(Gate.check(failing, null, 0.02).failures()).singleElement().asString()
        .startsWith("strong: 4 of 100 items failed");

    String text = SUITE.formatted("0");
    Suite suite = SuiteParser.parse(text);
    FakeChatClient healthy = new FakeChatClient(r -> answer(r, i -> i % 10 < 6, i -> i % 10 < 9), 0.004);
    RunOutcome resumed = new EvalRunner(healthy, store, MetricRegistry.standard(), Clock.systemUTC())
        .run(suite, text, Items.labelled(100), failing.run().id(), Progress.NONE, new RunControl());
    EvaluatedRun retried = new EvaluatedRun(store.run(resumed.run().id()).orElseThrow(), suite,
        RunMetrics.of(suite, MetricRegistry.standard()), store.items(resumed.run().id()));

    assertThat(healthy.calls()).isEqualTo(4);
    assertThat(retried.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(retried.items()).hasSize(200);
    assertThat(retried.report().variant("strong").errors()).isZero();
    assertThat(retried.report().variant("strong").metrics().get("accuracy").mean()).isEqualTo(0.9);
    assertThat(Gate.check(retried, null, 0.02).passed()).isTrue();
  }

  @Test
  void failedItemsCountAsNotPassingTheSuitesMinPassRate() {
    EvaluatedRun run = run("0.5", i -> true, i -> true, 100, i -> i % 10 < 8);

    assertThat(run.report().variant("strong").metrics().get("accuracy").passRate()).isEqualTo(0.2);
    assertThat(Gate.check(run, null, new GateLimits(0.02, 1)).failures()).singleElement().asString()
        .startsWith("strong / accuracy: pass rate 0.200").endsWith("is too low");
  }

  @Test
  void theGateRefusesToCompareRunsGivenDifferentItems() {
    EvaluatedRun before = run("0", i -> i % 10 < 6, i -> i % 10 < 9, 30);
    EvaluatedRun after = run("0", i -> i % 10 < 6, i -> i % 10 < 9, 10);

    Gate.Result result = Gate.check(after, before, 0.02);

    assertThat(SameItems.problem(after, before)).isEqualTo("run " + after.run().id() + " and baseline run "
        + before.run().id() + " were run on different items: the gate pairs items by position, so it compares only "
        + "runs of the same dataset");
    assertThat(result.passed()).isFalse();
    assertThat(result.failures()).singleElement().isEqualTo(SameItems.problem(after, before));
    assertThat(result.checks()).noneMatch(c -> c.contains("change"));
  }

  @Test
  void runsStoredBeforeDigestsAreComparedWhenTheyHaveTheSameItemIndicesAndTheGateSaysItCouldNotCheck() {
    EvaluatedRun before = withoutDigest(run("0", i -> i % 10 < 6, i -> i % 10 < 9, 30));
    EvaluatedRun same = run("0", i -> i % 10 < 6, i -> i % 10 < 9, 30);
    EvaluatedRun fewer = run("0", i -> i % 10 < 6, i -> i % 10 < 9, 10);

    Gate.Result result = Gate.check(same, before, 0.02);

    assertThat(result.passed()).isTrue();
    assertThat(result.checks()).anySatisfy(c -> assertThat(c).startsWith("items paired by position without a check"));
    assertThat(SameItems.problem(fewer, before)).contains("have results for different items (10 and 30 items)");
  }

  @Test
  void gateLimitsThatWouldSwitchACheckOffAreRefused() {
    for (double bad : new double[] {Double.NaN, -0.01, 1.01, Double.POSITIVE_INFINITY}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GateLimits(bad, 0.02))
          .hasMessageStartingWith("max drop must be a fraction from 0 to 1");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GateLimits(0.02, bad))
          .hasMessageStartingWith("max error rate must be a fraction from 0 to 1");
    }
    assertThat(new GateLimits(0, 1)).isEqualTo(new GateLimits(0.0, 1.0));
  }

  private static EvaluatedRun withoutDigest(EvaluatedRun run) {
    RunRecord r = run.run();
    return new EvaluatedRun(new RunRecord(r.id(), r.suiteName(), r.suiteText(), r.startedAt(), r.endedAt(),
        r.status()), run.suite(), run.metrics(), run.items());
  }
}
