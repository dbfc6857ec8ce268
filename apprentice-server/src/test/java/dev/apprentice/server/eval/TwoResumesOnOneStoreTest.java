package dev.apprentice.server.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.eval.client.ChatClient;
import dev.apprentice.eval.client.Completion;
import dev.apprentice.eval.dataset.EvalItem;
import dev.apprentice.eval.dataset.ResolvedDataset;
import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.run.EvalRunner;
import dev.apprentice.eval.run.Progress;
import dev.apprentice.eval.run.RunControl;
import dev.apprentice.eval.run.RunRecord;
import dev.apprentice.eval.run.RunStatus;
import dev.apprentice.eval.suite.SuiteParser;
import dev.apprentice.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code eval run SUITE --resume ID --force} on one SQLite data directory, started together, each with its own
 * store connection as two processes have: one runs the items, the other is refused, and no item is called twice.
 */
class TwoResumesOnOneStoreTest {

  private static final String SUITE = """
      name: intents
      dataset: { path: items.csv }
      variants:
        - { name: weak, model: small, prompt: "{{input}}" }
        - { name: strong, model: large, prompt: "{{input}}" }
      metrics:
        - { name: accuracy, threshold: 1 }
      concurrency: 4
      pilot_items: 0
      """;
  private static final int ITEMS = 31;

  @TempDir
  Path dir;

  /** Counts its calls and answers the prompt back, as the simulator's echo does. */
  private static final class Counting implements ChatClient {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public Completion complete(ChatRequest request, List<String> tags) {
      int n = calls.incrementAndGet();
      return new Completion(request.messages().getLast().text(), 3, 3, 0.0001, 1, "tr-" + n, List.of());
    }
  }

  private static List<EvalItem> items() {
    List<EvalItem> items = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) items.add(new EvalItem(i, "question " + i, List.of(), "label", List.of(), Map.of()));
    return items;
  }

  @Test
  void ofTwoForcedResumesStartedTogetherOneRunsTheItemsAndTheOtherIsRefused() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("apprentice.db");
    String id = "ev-20300101-000000-abcd";
    try (Store first = Store.open(url); Store second = Store.open(url)) {
      ResolvedDataset dataset = ResolvedDataset.of(items());
      // a run whose process died two minutes ago, before it made any call
      new JdbcRunStore(first.evaluations()).createRun(new RunRecord(id, "intents", SUITE, Instant.now().minusSeconds(180),
          null, RunStatus.RUNNING, null, dataset.digest(), Instant.now().minusSeconds(120)));
      Counting a = new Counting();
      Counting b = new Counting();
      CountDownLatch start = new CountDownLatch(1);
      List<String> outcomes;
      try (ExecutorService processes = Executors.newFixedThreadPool(2)) {
        Future<String> one = processes.submit(() -> resume(first, a, dataset, id, start));
        Future<String> other = processes.submit(() -> resume(second, b, dataset, id, start));
        start.countDown();
        outcomes = List.of(one.get(), other.get());
      }

      assertThat(outcomes).containsExactlyInAnyOrder("completed", "refused");
      assertThat(a.calls.get() + b.calls.get()).as("every item called once").isEqualTo(2 * ITEMS);
      assertThat(new JdbcRunStore(first.evaluations()).items(id)).hasSize(2 * ITEMS);
    }
  }

  private static String resume(Store store, ChatClient client, ResolvedDataset dataset, String id,
      CountDownLatch start) throws InterruptedException {
    start.await();
    try {
      return new EvalRunner(client, new JdbcRunStore(store.evaluations()), MetricRegistry.standard(),
          Clock.systemUTC()).run(SuiteParser.parse(SUITE), SUITE, dataset, id, true, Progress.NONE, new RunControl())
          .run().status().label();
    } catch (IllegalArgumentException e) {
      return "refused";
    }
  }
}
