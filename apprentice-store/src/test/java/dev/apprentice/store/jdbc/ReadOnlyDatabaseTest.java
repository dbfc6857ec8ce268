package dev.apprentice.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.store.Store;
import dev.apprentice.store.StoreException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite opens a database it may not write (a read-only file, folder or mount) read-only without a word, and a
 * current database even migrates so: a server would start, then drop every trace. Asked, the store says so, naming the
 * file and what to do. (The tests run as root, whom file permissions do not stop: SQLite's read-only mode stands in.)
 */
class ReadOnlyDatabaseTest {

  @TempDir Path dir;

  @Test
  void aDatabaseOpenedReadOnlyIsRefusedWhereWritingIsRequired() {
    Path file = dir.resolve("apprentice.db");
    Store.open("jdbc:sqlite:" + file).close();

    try (Store readOnly = Store.open("jdbc:sqlite:file:" + file + "?mode=ro")) {
      assertThatThrownBy(readOnly::requireWritable).isInstanceOf(StoreException.class)
          .hasMessage("cannot write the database " + file + ": the database is read-only to this process: make "
              + file + " and its folder writable by the user Apprentice runs as (SQLite writes apprentice.db-wal and "
              + "-shm beside it)");
    }
  }

  @Test
  void aWritableDatabaseIsLeftAsItWas() throws Exception {
    Path file = dir.resolve("apprentice.db");
    try (Store store = Store.open("jdbc:sqlite:" + file)) {
      store.requireWritable();
      assertThat(store.traces().count()).isZero();
    }
  }
}
