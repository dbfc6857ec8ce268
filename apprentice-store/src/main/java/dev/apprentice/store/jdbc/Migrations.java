package dev.apprentice.store.jdbc;

import dev.apprentice.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hand-written migration runner. The migrations are the resources listed in {@code db/migration/index.txt}
 * (a shaded jar cannot list a classpath directory); each applied one is recorded in {@code schema_migrations}
 * with its checksum. Applying is idempotent; a changed applied migration or a database newer than the code
 * refuses to start.
 */
public final class Migrations {

  private static final String DIRECTORY = "db/migration/";
  private static final String TABLE = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      + "description TEXT NOT NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)";

  private final List<Migration> migrations;

  /** Migrations in any order; their versions must run 1, 2, 3... without gaps. */
  public Migrations(List<Migration> migrations) {
    List<Migration> sorted = new ArrayList<>(migrations);
    sorted.sort(Comparator.comparingInt(Migration::version));
    for (int i = 0; i < sorted.size(); i++) {
      if (sorted.get(i).version() != i + 1) {
        throw new IllegalArgumentException("migration versions must run 1, 2, 3... without gaps; found "
            + sorted.stream().map(Migration::label).toList());
      }
    }
    this.migrations = List.copyOf(sorted);
  }

  /** The migrations shipped with this code. */
  public static Migrations bundled() {
    List<Migration> found = new ArrayList<>();
    for (String line : resource("index.txt").split("\\R")) {
      String name = line.strip();
      if (!name.isEmpty() && !name.startsWith("#")) {
        found.add(Migration.of(name, resource(name)));
      }
    }
    return new Migrations(found);
  }

  public List<Migration> all() {
    return migrations;
  }

  /**
   * Brings the database up to date, one transaction per migration.
   *
   * @return the versions applied now (empty when the database was already current)
   * @throws StoreException when an applied migration was changed or the database is newer than this code
   */
  public List<Integer> apply(Database database) {
    database.write(c -> {
      try (Statement s = c.createStatement()) {
        s.execute(TABLE);
      }
      return null;
    });
    Map<Integer, String> applied = database.write(Migrations::appliedChecksums);
    verify(applied, database.file());
    List<Integer> done = new ArrayList<>();
    for (Migration m : migrations) {
      // checked again inside the migration's own transaction: another process (a server and a CLI command started
      // together on one data directory) may have applied it meanwhile
      if (!applied.containsKey(m.version()) && database.write(c -> runUnlessApplied(c, m))) done.add(m.version());
    }
    return done;
  }

  private void verify(Map<Integer, String> applied, Path file) {
    int newest = migrations.size();
    for (Map.Entry<Integer, String> row : applied.entrySet()) {
      if (row.getKey() > newest) {
        // left as it is: an older version must not touch what a newer one wrote
        throw new StoreException("the database " + file + " is at schema version " + row.getKey()
            + ", newer than this Apprentice knows (" + newest + "): it was written by a newer version of Apprentice; "
            + "run that version, or give this one another data directory (the database is left as it is)");
      }
      Migration m = migrations.get(row.getKey() - 1);
      if (!m.checksum().equals(row.getValue())) {
        throw new StoreException("the database " + file + ": migration " + m.label() + " was changed after it was applied (checksum "
            + row.getValue() + " in the database, " + m.checksum()
            + " in the code): restore the original and add a new migration instead");
      }
    }
  }

  private static Map<Integer, String> appliedChecksums(Connection c) throws SQLException {
    Map<Integer, String> applied = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version, checksum FROM schema_migrations")) {
      while (rs.next()) {
        applied.put(rs.getInt(1), rs.getString(2));
      }
    }
    return applied;
  }

  private static boolean runUnlessApplied(Connection c, Migration m) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM schema_migrations WHERE version = ?")) {
      q.setInt(1, m.version());
      try (ResultSet rs = q.executeQuery()) {
        if (rs.next()) return false;
      }
    }
    run(c, m);
    return true;
  }

  private static Void run(Connection c, Migration m) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String statement : m.statements()) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new SQLException("migration " + m.label() + " failed: " + e.getMessage(), e);
    }
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO schema_migrations (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
      insert.setInt(1, m.version());
      insert.setString(2, m.description());
      insert.setString(3, m.checksum());
      insert.setLong(4, System.currentTimeMillis());
      insert.executeUpdate();
    }
    return null;
  }

  private static String resource(String name) {
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(DIRECTORY + name)) {
      if (in == null) {
        throw new IllegalStateException("migration resource " + DIRECTORY + name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration resource " + DIRECTORY + name, e);
    }
  }
}
