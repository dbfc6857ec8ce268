package dev.apprentice.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.run.EvalRunner;
import dev.apprentice.eval.run.FakeChatClient;
import dev.apprentice.eval.run.Items;
import dev.apprentice.eval.run.MemoryRunStore;
import dev.apprentice.eval.run.Progress;
import dev.apprentice.eval.run.RunControl;
import dev.apprentice.eval.run.RunMetrics;
import dev.apprentice.eval.run.RunOutcome;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.SuiteParser;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The gate fails a variant's metric that scored no item, with or without a baseline, and says why. */
class GateScoredNothingTest {

  /** Items with a label but no reference: accuracy scores them, BLEU cannot. */
  private static final String SUITE = """
      name: intents
      dataset: { path: items.csv }
      variants:
        - { name: small, model: small, prompt: "{{category}}" }
      metrics:
        - { name: accuracy, threshold: 1 }
        - { name: bleu }
      pilot_items: 0
      resamples: 200
      """;

  private final MemoryRunStore store = new MemoryRunStore();

  private EvaluatedRun run(String text, FakeChatClient client) {
    Suite suite = SuiteParser.parse(text);
    RunOutcome outcome = new EvalRunner(client, store, MetricRegistry.standard(), Clock.systemUTC())
        .run(suite, text, Items.labelled(12), null, Progress.NONE, new RunControl());
    return new EvaluatedRun(outcome.run(), suite, RunMetrics.of(suite, MetricRegistry.standard()),
        store.items(outcome.run().id()));
  }

  @Test
  void aMetricThatScoredNoItemBecauseNoReferenceWasMappedFailsTheGateSayingWhy() {
    EvaluatedRun run = run(SUITE, FakeChatClient.echo(0));

    Gate.Result result = Gate.check(run, null, GateLimits.ofDrop(0.02));

    assertThat(result.passed()).isFalse();
    assertThat(result.failures()).containsExactly("small / bleu: no item scored, none of its 12 answered items could "
        + "be scored (every one: the item has no reference): a metric that measured nothing cannot pass");
  }

  @Test
  void aMetricThatScoredNothingFailsAgainstABaselineOnceNotAlsoAsNotCompared() {
    EvaluatedRun baseline = run(SUITE, FakeChatClient.echo(0));
    EvaluatedRun run = run(SUITE, FakeChatClient.echo(0));

    Gate.Result result = Gate.check(run, baseline, GateLimits.ofDrop(0.02));

    assertThat(result.passed()).isFalse();
    assertThat(result.failures()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("small / bleu: no item scored");
  }

  @Test
  void aVariantWhoseEveryCallFailedFailsTheGateEvenWhenTheErrorRateAllowsIt() {
    EvaluatedRun run = run(SUITE, new FakeChatClient(r -> null, 0));

    Gate.Result result = Gate.check(run, null, new GateLimits(0.02, 1.0));

    assertThat(result.passed()).isFalse();
    assertThat(result.failures()).containsExactly("run " + run.run().id() + " is failed, not completed",
        "small: no item scored on any metric, none of its 12 item calls succeeded");
  }

  @Test
  void aRunWhoseMetricsEachScoredSomeItemsPasses() {
    EvaluatedRun run = run(SUITE.replace("- { name: bleu }", "- { name: macro_f1 }"), FakeChatClient.echo(0));

    assertThat(Gate.check(run, null, GateLimits.ofDrop(0.02)).passed()).isTrue();
  }
}
