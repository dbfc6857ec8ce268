package dev.apprentice.eval.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.eval.dataset.ResolvedDataset;
import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.suite.SuiteParser;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two processes on one run: a forced resume does not take a run claimed or beaten less than one heartbeat ago, and a
 * process checks that the run is still its own before each item, so that no item is called twice.
 */
class RunOwnershipTest {

  private static final String SUITE = """
      name: intents
      dataset: { path: items.csv }
      variants:
        - { name: weak, model: small, prompt: "{{input}}" }
      metrics:
        - { name: accuracy, threshold: 1 }
      concurrency: 1
      pilot_items: 0
      """;
  private static final int ITEMS = 12;

  private final MemoryRunStore store = new MemoryRunStore();

  private RunOutcome resume(FakeChatClient client, String id, boolean force) {
    return new EvalRunner(client, store, MetricRegistry.standard(), Clock.systemUTC()).run(SuiteParser.parse(SUITE),
        SUITE, ResolvedDataset.of(Items.labelled(ITEMS)), id, force, Progress.NONE, new RunControl());
  }

  /** A run whose process died after storing {@code done} items: running, its heartbeat two minutes old. */
  private String diedAfter(int done) {
    RunControl control = new RunControl();
    AtomicInteger seen = new AtomicInteger();
    Progress dies = new Progress() {
      @Override
      public void itemDone(ItemResult result) {
        if (seen.incrementAndGet() == done) control.stop();
      }
    };
    RunOutcome died = new EvalRunner(FakeChatClient.echo(0), store, MetricRegistry.standard(), Clock.systemUTC())
        .run(SuiteParser.parse(SUITE), SUITE, Items.labelled(ITEMS), null, dies, control);
    store.updateRun(died.run().id(), RunStatus.RUNNING, null);
    store.heartbeat(died.run().id(), Instant.now().minusSeconds(120));
    return died.run().id();
  }

  @Test
  void aForcedResumeStartedWhileAnotherResumeOfTheRunRunsIsRefusedAndNoItemIsCalledTwice() {
    String id = diedAfter(4);
    FakeChatClient second = FakeChatClient.echo(0);
    AtomicReference<Throwable> secondRefused = new AtomicReference<>();
    AtomicInteger calls = new AtomicInteger();
    FakeChatClient first = new FakeChatClient(r -> {
      if (calls.incrementAndGet() == 1) {
        // the second `eval run --resume ID --force`, started a moment after this one claimed the run
        try {
          resume(second, id, true);
        } catch (IllegalArgumentException e) {
          secondRefused.set(e);
        }
      }
      return r.messages().getLast().text();
    }, 0);

    RunOutcome outcome = resume(first, id, true);

    assertThat(secondRefused.get()).hasMessageContaining("less than one heartbeat interval (10 s)")
        .hasMessageContaining("at least 10 s old");
    assertThat(second.calls()).isZero();
    assertThat(first.calls()).isEqualTo(ITEMS - 4);
    assertThat(outcome.run().status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void twoForcedResumesStartedTogetherRunEachItemOnceBetweenThem() throws Exception {
    String id = diedAfter(4);
    FakeChatClient a = FakeChatClient.echo(0);
    FakeChatClient b = FakeChatClient.echo(0);
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<String>> both = List.of(() -> racer(start, a, id), () -> racer(start, b, id));
    List<String> results;
    try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
      List<Future<String>> futures = both.stream().map(threads::submit).toList();
      start.countDown();
      results = List.of(futures.get(0).get(), futures.get(1).get());
    }

    assertThat(results).containsExactlyInAnyOrder("completed", "refused");
    assertThat(a.calls() + b.calls()).isEqualTo(ITEMS - 4);
    assertThat(store.items(id)).hasSize(ITEMS);
  }

  private String racer(CountDownLatch start, FakeChatClient client, String id) throws InterruptedException {
    start.await();
    try {
      return resume(client, id, true).run().status().label();
    } catch (IllegalArgumentException e) {
      return "refused";
    }
  }

  @Test
  void aProcessWhoseRunIsTakenOverBetweenTwoHeartbeatsStartsNoFurtherItem() {
    AtomicInteger calls = new AtomicInteger();
    Instant theirs = Instant.parse("2030-01-01T00:00:00Z");
    FakeChatClient client = new FakeChatClient(r -> {
      if (calls.incrementAndGet() == 3) {
        // another process forced a resume while this one's call was in flight; the next beat is 10 s away
        RunRecord run = store.runs(1).getFirst();
        assertThat(store.claim(run.id(), RunStatus.RUNNING, run.heartbeatAt(), theirs)).isTrue();
      }
      return "x";
    }, 0);

    RunOutcome outcome = new EvalRunner(client, store, MetricRegistry.standard(), Clock.systemUTC())
        .run(SuiteParser.parse(SUITE), SUITE, Items.labelled(ITEMS), null, Progress.NONE, new RunControl());

    assertThat(client.calls()).as("the item in flight finished, no other started").isEqualTo(3);
    assertThat(store.items(outcome.run().id())).hasSize(3);
    assertThat(outcome.run().status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(outcome.message()).startsWith("stopped: another process resumed run");
    assertThat(store.run(outcome.run().id()).orElseThrow().heartbeatAt()).isEqualTo(theirs);
  }

  @Test
  void aForcedResumeTakesARunWhoseHeartbeatIsOlderThanOneBeatButNotStale() {
    String id = diedAfter(4);
    store.heartbeat(id, Instant.now().minusSeconds(30));
    FakeChatClient client = FakeChatClient.echo(0);

    assertThatThrownBy(() -> resume(client, id, false)).hasMessageContaining("is still running in another process");
    RunOutcome forced = resume(client, id, true);

    assertThat(forced.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(client.calls()).isEqualTo(ITEMS - 4);
  }
}
