package dev.apprentice.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.store.Store;
import dev.apprentice.store.StoreException;
import dev.apprentice.store.StoreUnavailableException;
import dev.apprentice.store.Traces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes the database refuses for reasons of its own — another process holding the write lock past the busy timeout,
 * a database file deleted under the server — are told apart from failures of the data, so that the trace writer keeps
 * such writes for later instead of dropping them; a deleted file is never written to as if it were still there.
 */
class UnavailableDatabaseTest {

  @TempDir Path dir;

  private String url() {
    return "jdbc:sqlite:" + dir.resolve("apprentice.db");
  }

  @Test
  void aWriteLockHeldByAnotherProcessPastTheBusyTimeoutIsAnUnavailableStore() throws Exception {
    try (Store store = Store.open(url()); Connection other = DriverManager.getConnection(url());
        Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE");

      assertThatThrownBy(() -> store.traces().append(List.of(Traces.trace("locked", 0).build())))
          .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("locked");

      s.execute("COMMIT");
      store.traces().append(List.of(Traces.trace("later", 0).build()));
      assertThat(store.traces().find("later")).isPresent();
    }
  }

  @Test
  void aDatabaseFileDeletedWhileOpenIsNeitherWrittenNorRecreatedAndSaysToRestart() throws Exception {
    try (Store store = Store.open(url())) {
      assertThat(store.problem()).isEmpty();
      for (String file : List.of("apprentice.db", "apprentice.db-wal", "apprentice.db-shm")) {
        Files.deleteIfExists(dir.resolve(file));
      }

      assertThatThrownBy(() -> store.traces().append(List.of(Traces.trace("ghost", 0).build())))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining(dir.resolve("apprentice.db") + " was deleted").hasMessageContaining("restart");
      assertThatThrownBy(() -> store.traces().find("ghost")).isInstanceOf(StoreException.class);
      assertThat(dir.resolve("apprentice.db")).as("a read does not make an empty database in its place")
          .doesNotExist();
      assertThat(store.healthy()).isFalse();
      assertThat(store.problem()).hasValueSatisfying(p -> assertThat(p).contains("was deleted"));
    }
  }

  @Test
  void aFailureOfTheDataItselfIsNoUnavailableStore() {
    try (Database database = Database.openSqlite(url())) {
      assertThatThrownBy(() -> database.write(c -> {
        try (Statement s = c.createStatement()) {
          return s.executeUpdate("INSERT INTO no_such_table VALUES (1)");
        }
      })).isInstanceOf(StoreException.class).isNotInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("no_such_table");
    }
  }
}
