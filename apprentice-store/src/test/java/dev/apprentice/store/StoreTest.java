package dev.apprentice.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.access.ApiKey;
import dev.apprentice.store.jdbc.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {

  @TempDir Path dir;

  @Test
  void opensSqliteInWalModeCreatingTheDirectory() {
    Path file = dir.resolve("nested/deeper/apprentice.db");

    try (Store store = Store.open("jdbc:sqlite:" + file)) {
      assertThat(store.url()).isEqualTo("jdbc:sqlite:" + file);
      assertThat(store.traces().count()).isZero();
    }
    assertThat(file).exists();
    try (Database db = Database.openSqlite("jdbc:sqlite:" + file)) {
      assertThat(db.journalMode()).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void aUrlOtherThanSqliteIsRefusedInOneClearLine() {
    assertThatThrownBy(() -> Store.open("jdbc:postgresql://localhost/apprentice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql://localhost/apprentice").hasMessageContaining("jdbc:sqlite:PATH")
        .hasMessageNotContaining("\n");
  }

  @Test
  void anInMemoryDatabaseIsRefusedBecauseReadsOpenTheirOwnConnections() {
    assertThatThrownBy(() -> Store.open("jdbc:sqlite::memory:")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names no file");
  }

  @Test
  void aPathUnderARegularFileFailsNamingThePath() throws Exception {
    Path regular = Files.writeString(dir.resolve("plain.txt"), "not a directory");
    Path file = regular.resolve("apprentice.db");

    assertThatThrownBy(() -> Store.open("jdbc:sqlite:" + file)).isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void dataSurvivesClosingAndReopeningTheSameFile() {
    String url = "jdbc:sqlite:" + dir.resolve("apprentice.db");
    ApiKey key = new ApiKey("k1", ApiKey.Role.CLIENT, "acme", "ci", "ab".repeat(32), null, null,
        Instant.parse("2026-03-01T00:00:00Z"), null);
    try (Store store = Store.open(url)) {
      store.traces().append(List.of(Traces.trace("t1", 0).key("k1").bodies("{\"q\":1}", "{\"a\":2}").build()));
      store.keys().insert(key);
    }

    try (Store store = Store.open(url)) {
      assertThat(store.traces().find("t1")).get().extracting(t -> t.request()).isEqualTo("{\"q\":1}");
      assertThat(store.keys().find("k1")).contains(key);
      assertThat(store.traces().spendSince(Traces.DAY_ONE)).hasSize(1);
    }
  }

  @Test
  void aClosedStoreRefusesWork() {
    Store store = Store.open("jdbc:sqlite:" + dir.resolve("apprentice.db"));
    store.close();

    assertThatThrownBy(() -> store.traces().count()).isInstanceOf(StoreException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> store.traces().append(List.of(Traces.trace("t", 0).build())))
        .isInstanceOf(StoreException.class).hasMessageContaining("closed");
  }
}
