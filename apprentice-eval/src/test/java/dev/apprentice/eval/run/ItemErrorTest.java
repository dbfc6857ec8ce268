package dev.apprentice.eval.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.SuiteParser;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An item whose scoring throws an Error (not an exception) is stored as that item's failure; the run goes on. */
class ItemErrorTest {

  private static final String SUITE = """
      name: long-answers
      dataset: { path: items.jsonl }
      variants:
        - { name: talker, model: m }
      metrics:
        - { name: final, metric: regex, settings: { pattern: '^(.|\\n)*Final answer' } }
      concurrency: 4
      pilot_items: 0
      %s
      """;

  private final MemoryRunStore store = new MemoryRunStore();

  /** Odd items get an answer long enough to overflow the stack of the regex's backtracking; even ones a short one. */
  private static FakeChatClient longAnswersOnOddItems(double cost) {
    return new FakeChatClient(r -> {
      int item = Integer.parseInt(r.messages().getLast().text().replace("question ", ""));
      return item % 2 == 1 ? "x\n".repeat(100_000) + "Final answer: 4" : "Final answer: 4";
    }, cost);
  }

  private RunOutcome run(String extra, double cost) {
    String text = SUITE.formatted(extra);
    Suite suite = SuiteParser.parse(text);
    return new EvalRunner(longAnswersOnOddItems(cost), store, MetricRegistry.standard(), Clock.systemUTC())
        .run(suite, text, Items.labelled(10), null, Progress.NONE, new RunControl());
  }

  @Test
  void aMetricThatOverflowsTheStackFailsOnlyItsItemsAndEveryItemIsStored() {
    RunOutcome outcome = run("", 0);

    List<ItemResult> items = store.items(outcome.run().id());
    assertThat(outcome.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(outcome.ran()).isEqualTo(10);
    assertThat(outcome.failed()).isEqualTo(5);
    assertThat(items).hasSize(10);
    assertThat(items).filteredOn(r -> r.itemIndex() % 2 == 1).allSatisfy(r -> {
      assertThat(r.succeeded()).isFalse();
      assertThat(r.error()).contains("final").contains("regex").contains("StackOverflowError");
      assertThat(r.output()).endsWith("Final answer: 4");
    });
    assertThat(items).filteredOn(r -> r.itemIndex() % 2 == 0)
        .allSatisfy(r -> assertThat(r.metrics().get("final").value()).isEqualTo(1.0));
  }

  @Test
  void withABudgetTheRunEndsAndCountsWhatTheFailedItemsCost() {
    RunOutcome outcome = run("budget_usd: 10", 0.01);

    assertThat(outcome.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(store.items(outcome.run().id())).hasSize(10);
    assertThat(outcome.spentUsd()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
  }
}
