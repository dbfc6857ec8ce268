package dev.apprentice.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.dataset.DatasetInput;
import dev.apprentice.api.dataset.DatasetItem;
import dev.apprentice.api.dataset.DatasetVersion;
import dev.apprentice.store.DatasetStore;
import dev.apprentice.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appends that overlap: each must build on the version made just before it, never on an older one. */
class ConcurrentAppendTest {

  private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;
  private Store store;
  private DatasetStore datasets;

  @BeforeEach
  void open() {
    store = Store.open(url());
    datasets = store.datasets();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private String url() {
    return "jdbc:sqlite:" + dir.resolve("apprentice.db");
  }

  private static DatasetStore.ItemSource texts(String... inputs) {
    return sink -> {
      for (String input : inputs) sink.add(new DatasetInput.Text(input), null, Map.of());
    };
  }

  @Test
  void anAppendThatStartsWhileAnotherIsWritingWaitsAndBuildsOnIt() throws Exception {
    datasets.create("intents", "test", false, AT, texts("base"));
    CountDownLatch firstReading = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    CompletableFuture<DatasetVersion> first = new CompletableFuture<>();
    Thread.ofPlatform().daemon().start(() -> {
      try {
        first.complete(datasets.create("intents", "big", true, AT, sink -> {
          sink.add(new DatasetInput.Text("first"), null, Map.of());
          firstReading.countDown();
          await(releaseFirst);
        }));
      } catch (Throwable e) {
        first.completeExceptionally(e);
      }
    });
    assertThat(firstReading.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<DatasetVersion> second = new CompletableFuture<>();
    Thread secondWriter = Thread.ofPlatform().daemon().start(() -> {
      try {
        second.complete(datasets.create("intents", "small", true, AT, texts("second")));
      } catch (Throwable e) {
        second.completeExceptionally(e);
      }
    });
    // the second append either queues behind the first (parked) or, were it not held back, finishes on its own
    while (secondWriter.getState() != Thread.State.WAITING && secondWriter.getState() != Thread.State.TERMINATED) {
      Thread.onSpinWait();
    }
    releaseFirst.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS).version()).isEqualTo(2);
    DatasetVersion newest = second.get(10, TimeUnit.SECONDS);
    assertThat(newest.version()).isEqualTo(3);
    assertThat(datasets.find("intents", null)).contains(newest);
    assertThat(datasets.items("intents", 3)).extracting(DatasetItem::input).extracting(DatasetInput::text)
        .containsExactly("base", "first", "second");
  }

  @Test
  void anAppendWhileAnotherProcessWritesTheDatasetIsRefusedAndStoresNothing() {
    datasets.create("intents", "test", false, AT, texts("base"));
    try (Store cli = Store.open(url())) {
      datasets.create("intents", "server", true, AT, sink -> {
        sink.add(new DatasetInput.Text("server"), null, Map.of());
        assertThatThrownBy(() -> cli.datasets().create("intents", "cli", true, AT, texts("cli")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("version 2 is being written by another process");
      });
    }

    assertThat(datasets.versions("intents")).extracting(DatasetVersion::version).containsExactly(1, 2);
    assertThat(datasets.items("intents", 2)).extracting(DatasetItem::input).extracting(DatasetInput::text)
        .containsExactly("base", "server");
  }

  @Test
  void aWriteAbandonedByAStoppedProcessHoldsAppendsBackOnlyUntilItMadeNoProgressForTenMinutes() {
    AtomicLong now = new AtomicLong(AT.toEpochMilli());
    try (Database db = Database.openSqlite(url())) {
      JdbcDatasetStore local = new JdbcDatasetStore(db, 5_000, rows -> {}, now::get);
      local.create("intents", "test", false, AT, texts("base"));
      abandon(db, "intents", 2, now.get() - JdbcDatasetStore.ABANDONED_AFTER_MILLIS + 60_000);

      assertThatThrownBy(() -> local.create("intents", "cli", true, AT, texts("cli")))
          .hasMessageContaining("version 2 is being written by another process");

      now.addAndGet(60_001);
      DatasetVersion appended = local.create("intents", "cli", true, AT, texts("cli"));
      assertThat(appended.version()).isEqualTo(2);
      assertThat(appended.createdAt()).isEqualTo(AT);
      assertThat(local.items("intents", 2)).extracting(DatasetItem::input).extracting(DatasetInput::text)
          .containsExactly("base", "cli");
    }
  }

  @Test
  void aLongWriteThatKeepsMakingProgressIsNeverTakenForAbandoned() {
    AtomicLong now = new AtomicLong(AT.toEpochMilli());
    try (Database server = Database.openSqlite(url()); Database cli = Database.openSqlite(url())) {
      JdbcDatasetStore writing = new JdbcDatasetStore(server, 5_000, rows -> {}, now::get);
      JdbcDatasetStore other = new JdbcDatasetStore(cli, 5_000, rows -> {}, now::get);
      writing.create("intents", "test", false, AT, texts("base"));

      DatasetVersion big = writing.create("intents", "big", true, AT, sink -> {
        for (int i = 0; i < 1_500; i++) {
          sink.add(new DatasetInput.Text("q" + i), null, Map.of());
          if (i % 500 == 499) now.addAndGet(JdbcDatasetStore.ABANDONED_AFTER_MILLIS / 2 + 1);
        }
        assertThatThrownBy(() -> other.create("intents", "cli", true, AT, texts("cli")))
            .hasMessageContaining("version 2 is being written by another process");
      });

      assertThat(big.items()).isEqualTo(1_501);
      assertThat(big.createdAt()).isEqualTo(AT);
    }
  }

  @Test
  void aWriteTakenForAbandonedStopsInsteadOfWritingIntoTheVersionThatReusedItsNumber() {
    AtomicLong now = new AtomicLong(AT.toEpochMilli());
    try (Database server = Database.openSqlite(url()); Database cli = Database.openSqlite(url())) {
      JdbcDatasetStore stalled = new JdbcDatasetStore(server, 5_000, rows -> {}, now::get);
      JdbcDatasetStore other = new JdbcDatasetStore(cli, 5_000, rows -> {}, now::get);
      stalled.create("intents", "test", false, AT, texts("base"));

      assertThatThrownBy(() -> stalled.create("intents", "slow", true, AT, sink -> {
        for (int i = 0; i < 500; i++) sink.add(new DatasetInput.Text("slow" + i), null, Map.of());
        now.addAndGet(JdbcDatasetStore.ABANDONED_AFTER_MILLIS + 1);
        assertThat(other.create("intents", "cli", true, AT, texts("cli")).version()).as("reuses the number").isEqualTo(2);
        sink.add(new DatasetInput.Text("late"), null, Map.of());
      })).hasMessageContaining("was taken for abandoned");

      assertThat(other.versions("intents")).extracting(DatasetVersion::items).containsExactly(1, 2);
      assertThat(other.items("intents", 2)).extracting(DatasetItem::input).extracting(DatasetInput::text)
          .containsExactly("base", "cli");
    }
  }

  /** A version row as a process that stopped mid-write leaves it, its last progress at {@code lastProgressMillis}. */
  private static void abandon(Database db, String name, int version, long lastProgressMillis) {
    db.write(c -> {
      try (var ps = c.prepareStatement(
          "INSERT INTO datasets (name, version, items, source, created_at) VALUES (?, ?, -1, 'stopped', ?)")) {
        ps.setString(1, name);
        ps.setInt(2, version);
        ps.setLong(3, lastProgressMillis);
        return ps.executeUpdate();
      }
    });
  }

  @Test
  void aNewVersionThatReplacesTheItemsIsNotHeldBackByAnotherProcess() {
    datasets.create("intents", "test", false, AT, texts("base"));
    try (Store cli = Store.open(url())) {
      datasets.create("intents", "server", true, AT, sink -> {
        sink.add(new DatasetInput.Text("server"), null, Map.of());
        assertThat(cli.datasets().create("intents", "cli", false, AT, texts("cli")).version()).isEqualTo(3);
      });
    }

    assertThat(datasets.find("intents", null).orElseThrow().version()).isEqualTo(3);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) throw new AssertionError("never released");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
