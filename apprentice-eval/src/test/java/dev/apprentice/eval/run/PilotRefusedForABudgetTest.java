package dev.apprentice.eval.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.eval.client.ChatClient;
import dev.apprentice.eval.client.ChatFailure;
import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.suite.SuiteParser;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A pilot whose every call of a variant the gateway refused for a budget ({@code budget_exceeded},
 * {@code request_over_budget}) does not say the setup is wrong: the run stops after the pilot budget_exhausted, as a
 * run without a pilot ends when a variant's calls were all refused so ({@link VariantThatNeverAnsweredTest}), and a
 * resume once the budget allows runs the pilot again and the rest.
 */
class PilotRefusedForABudgetTest {

  private static final String SUITE = IntentSuites.weakAndStrong(1, 2);

  private final MemoryRunStore store = new MemoryRunStore();
  private final FakeChatClient answering = FakeChatClient.echo(0);

  private RunOutcome run(ChatClient client, String resume) {
    return new EvalRunner(client, store, MetricRegistry.standard(), Clock.systemUTC())
        .run(SuiteParser.parse(SUITE), SUITE, Items.labelled(5), resume, Progress.NONE, new RunControl());
  }

  /** Variant weak answers; while {@code refusing}, the gateway refuses strong's calls with the codes, in turn. */
  private ChatClient refusingStrong(AtomicBoolean refusing, String... codes) {
    AtomicInteger refused = new AtomicInteger();
    return (request, tags) -> {
      if (!refusing.get() || !request.model().equals("large")) return answering.complete(request, tags);
      String code = codes[Math.min(refused.getAndIncrement(), codes.length - 1)];
      throw new ChatFailure(code, "refused as " + code, null);
    };
  }

  @Test
  void aVariantWhosePilotCallsWereAllRefusedForABudgetStopsTheRunBudgetExhaustedAfterThePilotNotFailed() {
    RunOutcome outcome = run(refusingStrong(new AtomicBoolean(true), "request_over_budget", "budget_exceeded"), null);

    assertThat(outcome.run().status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
    assertThat(store.run(outcome.run().id()).orElseThrow().status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
    assertThat(outcome.message()).isEqualTo("stopped: the gateway refused all 2 pilot item calls of variant 'strong'"
        + " for a budget");
    assertThat(answering.calls()).as("weak's pilot, and nothing after it").isEqualTo(2);
    assertThat(store.items(outcome.run().id())).hasSize(4);
    assertThat(outcome.failed()).as("refused for a budget: not run, not failed").isZero();
    assertThat(outcome.refusedByLimits()).isEqualTo(2);
    assertThat(outcome.failedJudge()).isNull();
    assertThat(outcome.pilotFailure()).satisfies(first -> {
      assertThat(first.variant()).isEqualTo("strong");
      assertThat(first.itemIndex()).isZero();
      assertThat(first.error()).isEqualTo("request_over_budget: refused as request_over_budget");
    });
  }

  @Test
  void aPilotVariantThatAlsoFailedOtherwiseFailsTheRunWithThatFailureFirstAsAtTheEndOfARun() {
    RunOutcome outcome = run(refusingStrong(new AtomicBoolean(true), "budget_exceeded", "upstream_error"), null);

    assertThat(outcome.run().status()).isEqualTo(RunStatus.FAILED);
    assertThat(outcome.message()).isEqualTo("failed: all 2 pilot item calls of variant 'strong' failed");
    assertThat(outcome.pilotFailure().itemIndex()).isEqualTo(1);
    assertThat(outcome.pilotFailure().error()).isEqualTo("upstream_error: refused as upstream_error");
  }

  @Test
  void theResumeOnceTheBudgetAllowsRunsThePilotAgainAndCompletes() {
    AtomicBoolean refusing = new AtomicBoolean(true);
    ChatClient client = refusingStrong(refusing, "budget_exceeded");
    RunOutcome stopped = run(client, null);
    refusing.set(false);

    RunOutcome resumed = run(client, stopped.run().id());

    assertThat(resumed.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(resumed.skipped()).as("weak's pilot").isEqualTo(2);
    assertThat(store.items(stopped.run().id())).hasSize(10).allSatisfy(r -> assertThat(r.succeeded()).isTrue());
  }
}
