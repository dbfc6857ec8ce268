package dev.apprentice.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes on one data directory (a server and a CLI command): each opens its own {@link Database}, as two
 * processes would, with its own writer connection and lock.
 */
class TwoProcessesTest {

  @TempDir Path dir;

  private String url() {
    return "jdbc:sqlite:" + dir.resolve("apprentice.db");
  }

  @Test
  void aTransactionThatReadsBeforeItWritesWaitsForTheOtherProcessInsteadOfFailingBusy() throws Exception {
    try (Database server = Database.openSqlite(url()); Database cli = Database.openSqlite(url());
        ExecutorService threads = Executors.newFixedThreadPool(2)) {
      server.write(c -> {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TABLE labels (name TEXT PRIMARY KEY, version INTEGER NOT NULL)");
        }
        return null;
      });
      CountDownLatch serverWriting = new CountDownLatch(1);
      Future<?> serverTransaction = threads.submit(() -> server.write(c -> {
        try (Statement s = c.createStatement()) {
          s.execute("INSERT INTO labels VALUES ('traces', 1)");
        }
        serverWriting.countDown();
        sleep(300);
        return null;
      }));
      assertThat(serverWriting.await(5, TimeUnit.SECONDS)).isTrue();

      // like `prompts label`: read the current version, then write the next one
      int written = cli.write(c -> {
        int version;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM labels")) {
          rs.next();
          version = rs.getInt(1) + 1;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO labels VALUES ('production', ?)")) {
          insert.setInt(1, version);
          return insert.executeUpdate();
        }
      });

      serverTransaction.get(5, TimeUnit.SECONDS);
      assertThat(written).isEqualTo(1);
      int version = cli.read(c -> {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT version FROM labels WHERE name = 'production'")) {
          return rs.next() ? rs.getInt(1) : -1;
        }
      });
      assertThat(version).as("the CLI saw the server's committed row").isEqualTo(2);
    }
  }

  @Test
  void twoProcessesStartingTogetherOnAnOldDatabaseBothComeUpAndApplyEachMigrationOnce() throws Exception {
    for (int round = 0; round < 5; round++) {
      Path file = dir.resolve("race-" + round + ".db");
      List<Future<List<Integer>>> starts = new ArrayList<>();
      CountDownLatch go = new CountDownLatch(1);
      try (Database a = Database.openSqlite("jdbc:sqlite:" + file); Database b = Database.openSqlite("jdbc:sqlite:" + file);
          ExecutorService threads = Executors.newFixedThreadPool(2)) {
        for (Database db : List.of(a, b)) {
          starts.add(threads.submit(() -> {
            go.await();
            return Migrations.bundled().apply(db);
          }));
        }
        go.countDown();
        List<Integer> applied = new ArrayList<>();
        for (Future<List<Integer>> start : starts) applied.addAll(start.get(30, TimeUnit.SECONDS));
        assertThat(applied).as("every migration applied once, by one or the other")
            .containsExactlyInAnyOrderElementsOf(Migrations.bundled().all().stream().map(Migration::version).toList());
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
