package dev.apprentice.eval.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.eval.client.ChatClient;
import dev.apprentice.eval.client.ChatFailure;
import dev.apprentice.eval.dataset.EvalItem;
import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.suite.SuiteParser;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A run without a pilot ({@code pilot_items: 0}) has no early check that a variant answers at all: at its end, a
 * variant whose every item call failed fails the run as a pilot of such calls would, rather than ending it completed,
 * exit 0, with nothing measured; one whose every call the gateway refused for a budget ends it budget_exhausted, as
 * such a pilot does ({@link PilotRefusedForABudgetTest}).
 */
class VariantThatNeverAnsweredTest {

  private static final String SUITE = IntentSuites.weakAndStrong(1, 0);

  private final MemoryRunStore store = new MemoryRunStore();

  private RunOutcome run(ChatClient client, String resume, Progress progress, RunControl control) {
    List<EvalItem> items = Items.labelled(5);
    return new EvalRunner(client, store, MetricRegistry.standard(), Clock.systemUTC())
        .run(SuiteParser.parse(SUITE), SUITE, items, resume, progress, control);
  }

  private RunOutcome run(ChatClient client, String resume) {
    return run(client, resume, Progress.NONE, new RunControl());
  }

  /** Variant weak (model small) answers every call, variant strong (model large) none. */
  private static FakeChatClient failing() {
    return new FakeChatClient(r -> r.model().equals("small") ? "x" : null, 0);
  }

  @Test
  void aRunWithoutAPilotWhereEveryCallOfAVariantFailedEndsFailedWithItsFirstErrorAndEveryItemStored() {
    FakeChatClient client = failing();

    RunOutcome outcome = run(client, null);

    assertThat(outcome.run().status()).isEqualTo(RunStatus.FAILED);
    assertThat(store.run(outcome.run().id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    assertThat(client.calls()).as("every item ran").isEqualTo(10);
    assertThat(store.items(outcome.run().id())).hasSize(10);
    assertThat(outcome.failed()).isEqualTo(5);
    assertThat(outcome.message()).isEqualTo("failed: all 5 item calls of variant 'strong' failed");
    assertThat(outcome.pilotFailure()).satisfies(first -> {
      assertThat(first.variant()).isEqualTo("strong");
      assertThat(first.itemIndex()).isZero();
      assertThat(first.error()).isEqualTo("upstream_error: the upstream failed");
    });
  }

  @Test
  void theResumeOfSuchARunTriesOnlyItsFailedItemsAgainAndCompletesOnceTheyAnswer() {
    RunOutcome failed = run(failing(), null);
    FakeChatClient fixed = FakeChatClient.echo(0);

    RunOutcome resumed = run(fixed, failed.run().id());

    assertThat(resumed.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(resumed.pilotFailure()).isNull();
    assertThat(fixed.calls()).isEqualTo(5);
    assertThat(resumed.skipped()).isEqualTo(5);
    assertThat(store.items(failed.run().id())).hasSize(10).allSatisfy(r -> assertThat(r.succeeded()).isTrue());
  }

  @Test
  void oneAnsweredItemOfEachVariantIsEnoughForTheRunToComplete() {
    FakeChatClient weakAnswersOnce = new FakeChatClient(
        r -> r.model().equals("large") || r.messages().getLast().text().equals("question 3") ? "x" : null, 0);

    RunOutcome outcome = run(weakAnswersOnce, null);

    assertThat(outcome.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(outcome.failed()).isEqualTo(4);
    assertThat(outcome.pilotFailure()).isNull();
  }

  @Test
  void anAnswerStoredByAnEarlierInvocationCountsWhenAResumeFailsEveryCallItMakes() {
    FakeChatClient weakAnswersOnce = new FakeChatClient(
        r -> r.model().equals("large") || r.messages().getLast().text().equals("question 3") ? "x" : null, 0);
    RunOutcome first = run(weakAnswersOnce, null);
    FakeChatClient weakFailsAll = new FakeChatClient(r -> r.model().equals("large") ? "x" : null, 0);

    RunOutcome resumed = run(weakFailsAll, first.run().id());

    assertThat(weakFailsAll.calls()).isEqualTo(4);
    assertThat(resumed.run().status()).isEqualTo(RunStatus.COMPLETED);
  }

  /** Variant weak answers; the gateway refuses every call of variant strong with {@code code}, as given. */
  private static ChatClient refusingStrong(String... codes) {
    FakeChatClient weak = FakeChatClient.echo(0);
    AtomicInteger refused = new AtomicInteger();
    return (request, tags) -> {
      if (!request.model().equals("large")) return weak.complete(request, tags);
      String code = codes[Math.min(refused.getAndIncrement(), codes.length - 1)];
      throw new ChatFailure(code, "refused as " + code, null);
    };
  }

  @Test
  void aVariantWhoseCallsTheGatewayAllRefusedForABudgetEndsTheRunBudgetExhaustedWithItsFirstRefusal() {
    RunOutcome overDaily = run(refusingStrong("budget_exceeded"), null);
    RunOutcome overWhole = run(refusingStrong("request_over_budget", "budget_exceeded"), null);

    assertThat(overDaily.run().status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
    assertThat(store.run(overDaily.run().id()).orElseThrow().status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
    assertThat(overDaily.failed()).as("refused for a budget: not run, not failed").isZero();
    assertThat(overDaily.refusedByLimits()).isEqualTo(5);
    assertThat(store.items(overDaily.run().id())).as("every item ran").hasSize(10);
    assertThat(overDaily.message()).isEqualTo("stopped: the gateway refused all 5 item calls of variant 'strong' for a"
        + " budget");
    assertThat(overDaily.pilotFailure().error()).isEqualTo("budget_exceeded: refused as budget_exceeded");
    assertThat(overDaily.failedJudge()).isNull();
    assertThat(overWhole.run().status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
    assertThat(overWhole.pilotFailure().error()).isEqualTo("request_over_budget: refused as request_over_budget");
  }

  @Test
  void aVariantThatFailedOtherwiseBesideItsBudgetRefusalsFailsTheRunWithThatFailureFirst() {
    RunOutcome outcome = run(refusingStrong("budget_exceeded", "budget_exceeded", "upstream_error"), null);

    assertThat(outcome.run().status()).isEqualTo(RunStatus.FAILED);
    assertThat(outcome.message()).isEqualTo("failed: all 5 item calls of variant 'strong' failed");
    assertThat(outcome.pilotFailure().itemIndex()).isEqualTo(2);
    assertThat(outcome.pilotFailure().error()).isEqualTo("upstream_error: refused as upstream_error");
  }

  @Test
  void aRunStoppedBeforeItsEndKeepsItsStatusThoughAVariantAnsweredNothingYet() {
    RunControl control = new RunControl();
    AtomicInteger seen = new AtomicInteger();
    Progress stopAfterFour = new Progress() {
      @Override
      public void itemDone(ItemResult result) {
        if (seen.incrementAndGet() == 4) control.stop();
      }
    };

    RunOutcome outcome = run(failing(), null, stopAfterFour, control);

    assertThat(outcome.run().status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(outcome.message()).startsWith("interrupted");
    assertThat(outcome.pilotFailure()).isNull();
  }
}
