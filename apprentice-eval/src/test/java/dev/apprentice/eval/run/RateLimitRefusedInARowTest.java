package dev.apprentice.eval.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
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
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * A variant that a rate limit refused {@link RateLimitStreaks#limit} item calls in a row, each after its waits, stops
 * the run there, as the budget cap stops it, rather than have every further item wait to be refused: the run ends
 * failed for the rate limit, every stored answer kept for its resume. Refusals now and then, answers between them, do
 * not stop it. No test here waits: the sleeper only writes down what it was asked.
 */
class RateLimitRefusedInARowTest {

  private static final String SUITE = """
      name: intents
      dataset: { path: items.csv }
      variants:
        - { name: weak, model: small, prompt: "{{input}}" }
        - { name: strong, model: large, prompt: "{{input}}" }
      metrics:
        - { name: accuracy, threshold: 1 }
      concurrency: %d
      pilot_items: %d
      """;

  private final MemoryRunStore store = new MemoryRunStore();
  private final FakeChatClient answering = FakeChatClient.echo(0);
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private final Sleeper sleeper = waits::add;
  private final AtomicInteger strongCalls = new AtomicInteger();
  private final AtomicInteger weakCalls = new AtomicInteger();

  private RunOutcome run(ChatClient client, int concurrency, int pilotItems, int items, String resume) {
    String suite = SUITE.formatted(concurrency, pilotItems);
    return new EvalRunner(client, store, MetricRegistry.standard(), Clock.systemUTC(), EvalRunner.HEARTBEAT, sleeper)
        .run(SuiteParser.parse(suite), suite, Items.labelled(items), resume, Progress.NONE, new RunControl());
  }

  /**
   * Variant weak answers; strong's call on an item is refused for a rate limit, with {@code retryAfter}, when
   * {@code refused} says so of the item's index.
   */
  private ChatClient refusingStrong(IntPredicate refused, Duration retryAfter) {
    return (request, tags) -> {
      if (!request.model().equals("large")) {
        weakCalls.incrementAndGet();
        return answering.complete(request, tags);
      }
      strongCalls.incrementAndGet();
      if (!refused.test(index(request))) return answering.complete(request, tags);
      throw new ChatFailure("rate_limit_exceeded", "too many requests", null, 429, retryAfter);
    };
  }

  /** The item's index, from its prompt ({@code question i}). */
  private static int index(ChatRequest request) {
    String text = request.messages().getLast().text();
    return Integer.parseInt(text.substring(text.lastIndexOf(' ') + 1));
  }

  private List<ItemResult> stored(RunOutcome outcome, String variant) {
    return store.items(outcome.run().id()).stream().filter(r -> r.variant().equals(variant)).toList();
  }

  @Test
  void aVariantThatARateLimitRefusesAfterItsPilotStopsTheRunOnceTheLimitOfItsItemsInARowWereRefused() {
    RunOutcome outcome = run(refusingStrong(i -> i >= 2, Duration.ofSeconds(1)), 1, 2, 40, null);

    assertThat(outcome.run().status()).isEqualTo(RunStatus.FAILED);
    assertThat(outcome.message()).isEqualTo("failed: the gateway refused the last 20 item calls of variant 'strong'"
        + " in a row for a rate limit, after waiting as it asked");
    assertThat(outcome.refusedByLimits()).isEqualTo(20);
    assertThat(outcome.failed()).isZero();
    assertThat(outcome.pilotFailure()).as("the first refusal of the 20").satisfies(first -> {
      assertThat(first.variant()).isEqualTo("strong");
      assertThat(first.itemIndex()).isEqualTo(2);
      assertThat(first.refusedForRateLimit()).isTrue();
    });
    assertThat(waits).as("each refused item waited as often as it may").hasSize(20 * ItemExecutor.MAX_RATE_LIMIT_WAITS);
    assertThat(stored(outcome, "strong")).hasSize(22);
    assertThat(stored(outcome, "weak")).as("no item started after the 20th refusal").hasSize(22);
  }

  @Test
  void withoutAPilotAVariantThatARateLimitRefusesEveryCallStopsAtTheLimitRatherThanAfterEveryItem() {
    RunOutcome outcome = run(refusingStrong(i -> true, null), 1, 0, 40, null);

    assertThat(outcome.run().status()).isEqualTo(RunStatus.FAILED);
    assertThat(outcome.message()).isEqualTo("failed: the gateway refused the last 20 item calls of variant 'strong'"
        + " in a row for a rate limit, after waiting as it asked");
    assertThat(strongCalls).hasValue(20);
    assertThat(outcome.pilotFailure().itemIndex()).isZero();
  }

  @Test
  void theResumeOfARunStoppedSoKeepsEveryStoredAnswerAndRunsTheRestOnceTheKeyAllowsThem() {
    RunOutcome stopped = run(refusingStrong(i -> i >= 2, Duration.ofSeconds(1)), 1, 2, 40, null);
    weakCalls.set(0);
    strongCalls.set(0);

    RunOutcome resumed = run(refusingStrong(i -> false, null), 1, 2, 40, stopped.run().id());

    assertThat(resumed.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(resumed.skipped()).as("weak's 22 answers and strong's 2").isEqualTo(24);
    assertThat(weakCalls).as("weak's items past the stop only").hasValue(18);
    assertThat(strongCalls).as("strong's 20 refused items again and its 18 never called").hasValue(38);
    assertThat(store.items(stopped.run().id())).hasSize(80).allSatisfy(r -> assertThat(r.succeeded()).isTrue());
  }

  @Test
  void refusalsWithAnAnswerBetweenThemBeforeTheLimitDoNotStopTheRun() {
    RunOutcome outcome = run(refusingStrong(i -> i % 20 != 19, Duration.ofSeconds(1)), 1, 0, 60, null);

    assertThat(outcome.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(outcome.refusedByLimits()).as("19 in a row, three times").isEqualTo(57);
    assertThat(store.items(outcome.run().id())).hasSize(120);
  }

  @Test
  void theLimitIsFiveRoundsOfTheSuitesConcurrencyAndNeverUnderTwenty() {
    assertThat(RateLimitStreaks.limit(1)).isEqualTo(20);
    assertThat(RateLimitStreaks.limit(4)).isEqualTo(20);
    assertThat(RateLimitStreaks.limit(8)).isEqualTo(40);
  }

  @Test
  void atAHigherConcurrencyTheRunStopsAtItsLimitWithOnlyTheItemsThenInFlightCalledPastIt() {
    RunOutcome outcome = run(refusingStrong(i -> true, null), 8, 0, 200, null);

    assertThat(outcome.run().status()).isEqualTo(RunStatus.FAILED);
    assertThat(outcome.message()).startsWith("failed: the gateway refused the last 40 item calls of variant 'strong'");
    assertThat(strongCalls.get()).isBetween(40, 40 + 8 - 1);
    assertThat(stored(outcome, "strong")).hasSize(strongCalls.get());
  }
}
