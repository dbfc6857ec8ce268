package dev.apprentice.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.store.Store;
import dev.apprentice.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

  @TempDir Path dir;

  /** The bundled migrations' versions from {@code first} on. */
  private static List<Integer> versions(int first) {
    return Migrations.bundled().all().stream().map(Migration::version).filter(v -> v >= first).toList();
  }

  private String url() {
    return "jdbc:sqlite:" + dir.resolve("apprentice.db");
  }

  @Test
  void applyingTwiceAppliesNothingTheSecondTime() throws Exception {
    try (Database db = Database.openSqlite(url())) {
      assertThat(Migrations.bundled().apply(db)).containsExactlyElementsOf(versions(1));
      assertThat(Migrations.bundled().apply(db)).isEmpty();
    }
    Store.open(url()).close();
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version, description, checksum FROM schema_migrations ORDER BY version")) {
      for (Migration m : Migrations.bundled().all()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(m.version());
        assertThat(rs.getString(2)).isEqualTo(m.description());
        assertThat(rs.getString(3)).isEqualTo(m.checksum());
      }
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  void anAppliedMigrationThatChangedRefusesToStart() {
    Store.open(url()).close();
    Migration original = Migrations.bundled().all().getFirst();
    Migrations edited = new Migrations(List.of(new Migration(1, "init", original.sql() + "\nCREATE TABLE x (y TEXT);")));

    try (Database db = Database.openSqlite(url())) {
      assertThatThrownBy(() -> edited.apply(db)).isInstanceOf(StoreException.class)
          .hasMessageContaining("V1 (init)").hasMessageContaining("changed after it was applied");
    }
  }

  @Test
  void aDatabaseNewerThanTheCodeRefusesToStart() throws Exception {
    Store.open(url()).close();
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
      s.execute("INSERT INTO schema_migrations VALUES (99, 'from the future', 'abc', 0)");
    }

    assertThatThrownBy(() -> Store.open(url())).isInstanceOf(StoreException.class)
        .hasMessageContaining("schema version 99").hasMessageContaining("newer");
  }

  @Test
  void aDatabaseNewerThanTheCodeIsNamedWithWhatToDoAndLeftAsItIs() throws Exception {
    Store.open(url()).close();
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
      s.execute("INSERT INTO schema_migrations VALUES (99, 'from the future', 'abc', 0)");
    }

    assertThatThrownBy(() -> Store.open(url())).isInstanceOf(StoreException.class)
        .hasMessageStartingWith("the database " + dir.resolve("apprentice.db") + " is at schema version 99")
        .hasMessageContaining("run that version, or give this one another data directory");
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
        java.sql.ResultSet newest = s.executeQuery("SELECT max(version) FROM schema_migrations")) {
      assertThat(newest.getInt(1)).isEqualTo(99);
    }
  }

  @Test
  void aLaterMigrationIsAppliedToAnExistingDatabase() {
    try (Database db = Database.openSqlite(url())) {
      assertThat(new Migrations(List.of(Migrations.bundled().all().getFirst())).apply(db)).containsExactly(1);
    }
    try (Database db = Database.openSqlite(url())) {
      assertThat(Migrations.bundled().apply(db)).containsExactlyElementsOf(versions(2));
      assertThat(Migrations.bundled().apply(db)).isEmpty();
    }
  }

  @Test
  void migrationVersionsMustRunWithoutGaps() {
    assertThatThrownBy(() -> new Migrations(List.of(new Migration(2, "two", "SELECT 1"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without gaps");
  }

  @Test
  void aMigrationSplitsIntoStatementsWithoutComments() {
    Migration m = Migration.of("V3__two_tables.sql", "-- heading\nCREATE TABLE a (x TEXT); -- trailing\n\nCREATE TABLE b (y TEXT);\n");

    assertThat(m.version()).isEqualTo(3);
    assertThat(m.description()).isEqualTo("two tables");
    assertThat(m.statements()).containsExactly("CREATE TABLE a (x TEXT)", "CREATE TABLE b (y TEXT)");
  }

  @Test
  void aCrlfCheckoutHasTheSameChecksum() {
    assertThat(new Migration(1, "a", "A;\r\nB;").checksum()).isEqualTo(new Migration(1, "a", "A;\nB;").checksum());
  }

  @Test
  void aBadlyNamedMigrationFileIsRefused() {
    assertThatThrownBy(() -> Migration.of("init.sql", "")).hasMessageContaining("V<n>__<description>.sql");
  }
}
