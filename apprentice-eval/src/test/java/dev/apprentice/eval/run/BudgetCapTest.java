package dev.apprentice.eval.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.SuiteParser;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The budget cap under concurrency, with answers that get dearer as the run goes on. */
class BudgetCapTest {

  private static final String SUITE = """
      name: growing
      dataset: { path: items.csv }
      variants:
        - { name: chatty, model: m, prompt: "{{input}}", parameters: { %s } }
      metrics:
        - { name: accuracy }
      concurrency: %d
      pilot_items: 0
      budget_usd: %s
      """;

  private final MemoryRunStore store = new MemoryRunStore();

  private RunOutcome run(ChatClientAndText run, int items) {
    Suite suite = SuiteParser.parse(run.text());
    return new EvalRunner(run.client(), store, MetricRegistry.standard(), Clock.systemUTC())
        .run(suite, run.text(), Items.labelled(items), null, Progress.NONE, new RunControl());
  }

  private record ChatClientAndText(PricedChatClient client, String text) {}

  private double stored(RunOutcome outcome) {
    return store.items(outcome.run().id()).stream().mapToDouble(ItemResult::totalCostUsd).sum();
  }

  /** The first {@code cheap} items answer in one token, later ones in {@code dear} tokens or more (up to 64). */
  private static String growing(ChatRequest request, int cheap, int dear) {
    int item = Integer.parseInt(request.messages().getLast().text().replace("question ", ""));
    int tokens = item < cheap ? 1 : dear + item % (65 - dear);
    return "word".repeat(tokens);
  }

  /** The most one item may cost: its prompt ("question N", at most 3 tokens here) and max_tokens 64. */
  private static double dearestPossible(double inputPrice, double outputPrice) {
    return PricedChatClient.tokens("question 999") * inputPrice + 64 * outputPrice;
  }

  @Test
  void aRunWithABudgetStopsBeforeSpendingMoreThanItWhenLaterAnswersCostMoreUnderConcurrency() {
    double budget = 0.5;
    PricedChatClient client = new PricedChatClient(r -> growing(r, 5, 8), 0, 0.001);
    String text = SUITE.formatted("max_tokens: 64", 32, budget);

    RunOutcome outcome = run(new ChatClientAndText(client, text), 300);

    assertThat(outcome.run().status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
    assertThat(stored(outcome)).isLessThanOrEqualTo(budget)
        .isGreaterThan(budget - dearestPossible(0, 0.001));
    assertThat(outcome.spentUsd()).isCloseTo(stored(outcome), org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void aFewCheapItemsThenItemsCostingAboutTheWholeBudgetAtConcurrencySixteenStayUnderTheCap() {
    double budget = 0.05;
    PricedChatClient client = new PricedChatClient(r -> growing(r, 5, 50), 0.0001, 0.001);
    String text = SUITE.formatted("max_tokens: 64", 16, budget);

    RunOutcome outcome = run(new ChatClientAndText(client, text), 300);

    // one item may cost more than the whole budget here, so the run may stop after its first item
    assertThat(outcome.run().status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
    assertThat(stored(outcome)).isLessThanOrEqualTo(budget);
  }

  @Test
  void aRunWhoseItemsAllCostTheSameUsesItsBudgetUntilLessThanOneReservationIsLeft() {
    double budget = 1.0;
    double perItem = 0.01;
    FakeChatClient client = FakeChatClient.echo(perItem);
    String text = SUITE.formatted("temperature: 0", 8, budget);
    Suite suite = SuiteParser.parse(text);

    RunOutcome outcome = new EvalRunner(client, store, MetricRegistry.standard(), Clock.systemUTC())
        .run(suite, text, Items.labelled(300), null, Progress.NONE, new RunControl());

    assertThat(outcome.run().status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
    assertThat(stored(outcome)).isLessThanOrEqualTo(budget + 1e-9);
    // without max_tokens an item reserves twice what the dearest answer cost: the run stops with less than that left
    assertThat(stored(outcome)).isGreaterThan(budget - 2 * perItem - 1e-9);
  }

  @Test
  void aBudgetOfZeroMakesNoCall() {
    FakeChatClient client = FakeChatClient.echo(0.000095);
    String text = SUITE.formatted("temperature: 0", 4, 0);
    Suite suite = SuiteParser.parse(text);

    RunOutcome outcome = new EvalRunner(client, store, MetricRegistry.standard(), Clock.systemUTC())
        .run(suite, text, Items.labelled(10), null, Progress.NONE, new RunControl());

    assertThat(outcome.run().status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
    assertThat(client.calls()).isZero();
    assertThat(outcome.ran()).isZero();
    assertThat(outcome.spentUsd()).isZero();
  }

  @Test
  void aRunResumedWithABudgetOfZeroMakesNoCallEvenForItemsKnownToCostNothing() {
    FakeChatClient free = FakeChatClient.echo(0);
    String unlimited = SUITE.formatted("temperature: 0", 1, 1);
    RunControl control = new RunControl();
    Progress stopAfterTwo = new Progress() {
      @Override
      public void itemDone(ItemResult result) {
        if (store.items(result.runId()).size() == 2) control.stop();
      }
    };
    RunOutcome first = new EvalRunner(free, store, MetricRegistry.standard(), Clock.systemUTC())
        .run(SuiteParser.parse(unlimited), unlimited, Items.labelled(10), null, stopAfterTwo, control);
    String zero = SUITE.formatted("temperature: 0", 1, 0);

    RunOutcome resumed = new EvalRunner(free, store, MetricRegistry.standard(), Clock.systemUTC())
        .run(SuiteParser.parse(zero), zero, Items.labelled(10), first.run().id(), Progress.NONE, new RunControl());

    assertThat(resumed.run().status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
    assertThat(free.calls()).isEqualTo(2);
  }
}
