package dev.apprentice.eval.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.Sleeper;
import dev.apprentice.eval.client.ChatClient;
import dev.apprentice.eval.client.ChatFailure;
import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.suite.SuiteParser;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A call the gateway refused for a rate limit with a {@code Retry-After} is made again once that wait is over, within
 * the runner's bounds, before its item counts as refused by limits; a budget's refusal is not waited for. No test here
 * waits: the sleeper only writes down what it was asked.
 */
class RateLimitRefusalsWaitedForTest {

  private static final String SUITE = IntentSuites.weakAndStrong(1, 2);

  private final MemoryRunStore store = new MemoryRunStore();
  private final FakeChatClient answering = FakeChatClient.echo(0);
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private final Sleeper sleeper = waits::add;

  private RunOutcome run(ChatClient client, RunControl control) {
    return new EvalRunner(client, store, MetricRegistry.standard(), Clock.systemUTC(), EvalRunner.HEARTBEAT, sleeper)
        .run(SuiteParser.parse(SUITE), SUITE, Items.labelled(3), null, Progress.NONE, control);
  }

  /** Variant weak answers; strong's calls are refused with {@code code} and {@code retryAfter}, {@code times} in all. */
  private ChatClient refusingStrong(String code, Duration retryAfter, int times) {
    AtomicInteger refused = new AtomicInteger();
    return (request, tags) -> {
      if (!request.model().equals("large") || refused.getAndIncrement() >= times) {
        return answering.complete(request, tags);
      }
      throw new ChatFailure(code, "refused as " + code, null, 429,
          retryAfter);
    };
  }

  @Test
  void aCallRefusedForARateLimitIsMadeAgainAfterTheWaitTheGatewayAskedForAndItsItemSucceeds() {
    RunOutcome outcome = run(refusingStrong("rate_limit_exceeded", Duration.ofSeconds(3), 2), new RunControl());

    assertThat(waits).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
    assertThat(outcome.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(outcome.refusedByLimits()).isZero();
    assertThat(store.items(outcome.run().id())).hasSize(6).allSatisfy(r -> assertThat(r.succeeded()).isTrue());
  }

  @Test
  void aCallStillRefusedAfterTheMostWaitsIsStoredRefusedByLimits() {
    RunOutcome outcome = run(refusingStrong("rate_limit_exceeded", Duration.ofSeconds(1),
        ItemExecutor.MAX_RATE_LIMIT_WAITS + 1), new RunControl());

    assertThat(waits).hasSize(ItemExecutor.MAX_RATE_LIMIT_WAITS);
    assertThat(outcome.refusedByLimits()).as("strong's first item, then its calls went through").isEqualTo(1);
    assertThat(outcome.failed()).isZero();
    assertThat(store.items(outcome.run().id())).filteredOn(r -> !r.succeeded()).singleElement()
        .satisfies(r -> assertThat(r.error()).isEqualTo("rate_limit_exceeded: refused as rate_limit_exceeded"));
  }

  @Test
  void aWaitThatWouldTakeTheItemPastTheMostWaitedInAllIsNotWaited() {
    Duration more = ItemExecutor.MAX_RATE_LIMIT_WAITED.dividedBy(2).plusSeconds(1);

    RunOutcome outcome = run(refusingStrong("rate_limit_exceeded", more, 2), new RunControl());

    assertThat(waits).as("the first wait fits, the second would not").containsExactly(more);
    assertThat(outcome.refusedByLimits()).isEqualTo(1);
  }

  @Test
  void aRateLimitRefusalWithoutAWaitIsNotMadeAgainForItCanNeverFit() {
    RunOutcome outcome = run(refusingStrong("rate_limit_exceeded", null, 1), new RunControl());

    assertThat(waits).isEmpty();
    assertThat(outcome.refusedByLimits()).isEqualTo(1);
  }

  @Test
  void aBudgetRefusalIsNotWaitedForEvenWithARetryAfter() {
    RunOutcome outcome = run(refusingStrong("budget_exceeded", Duration.ofSeconds(3), 1), new RunControl());

    assertThat(waits).isEmpty();
    assertThat(outcome.refusedByLimits()).isEqualTo(1);
  }

  @Test
  void aRunStoppedWhileACallIsRefusedDoesNotWaitForIt() {
    RunControl control = new RunControl();
    ChatClient refusing = refusingStrong("rate_limit_exceeded", Duration.ofSeconds(3), 1);
    ChatClient stoppingOnTheRefusal = (request, tags) -> {
      if (request.model().equals("large")) control.stop();
      return refusing.complete(request, tags);
    };

    RunOutcome outcome = run(stoppingOnTheRefusal, control);

    assertThat(waits).isEmpty();
    assertThat(outcome.refusedByLimits()).isEqualTo(1);
  }

  @Test
  void aPilotWhoseCallsWereAllRefusedForARateLimitFailsTheRunSayingSoNotAsASetupFailure() {
    RunOutcome outcome = run(refusingStrong("rate_limit_exceeded", Duration.ofSeconds(1), Integer.MAX_VALUE),
        new RunControl());

    assertThat(outcome.run().status()).isEqualTo(RunStatus.FAILED);
    assertThat(outcome.message()).isEqualTo("failed: the gateway refused all 2 pilot item calls of variant 'strong'"
        + " for a rate limit, after waiting as it asked");
    assertThat(outcome.refusedByLimits()).isEqualTo(2);
    assertThat(outcome.failed()).isZero();
    assertThat(outcome.pilotFailure()).satisfies(first -> {
      assertThat(first.variant()).isEqualTo("strong");
      assertThat(first.refusedByLimits()).isTrue();
      assertThat(first.refusedForBudget()).isFalse();
    });
  }

  @Test
  void aPilotVariantRefusedForABudgetAndForARateLimitRanOutOfBudget() {
    AtomicInteger calls = new AtomicInteger();
    ChatClient client = (request, tags) -> {
      if (!request.model().equals("large")) return answering.complete(request, tags);
      String code = calls.getAndIncrement() == 0 ? "budget_exceeded" : "rate_limit_exceeded";
      throw new ChatFailure(code, "refused as " + code, null, 429, null);
    };

    RunOutcome outcome = run(client, new RunControl());

    assertThat(outcome.run().status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
    assertThat(outcome.pilotFailure().error()).startsWith("budget_exceeded: ");
  }
}
