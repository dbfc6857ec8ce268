package dev.apprentice.store.jdbc;

import dev.apprentice.api.dataset.DatasetItem;
import dev.apprentice.api.dataset.DatasetVersion;
import dev.apprentice.store.DatasetStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Dataset versions and their items over JDBC in portable SQL. A new version is written in one transaction, items in
 * batches as the source emits them, so a large import streams without holding its rows in memory and a failure
 * part-way leaves nothing behind.
 */
public final class JdbcDatasetStore implements DatasetStore {

  private static final int BATCH = 500;
  private static final String COLUMNS = "name, version, items, source, created_at";

  private final Database db;

  public JdbcDatasetStore(Database db) {
    this.db = db;
  }

  @Override
  public DatasetVersion create(String name, String source, boolean append, Instant at, ItemSource items) {
    return db.write(c -> {
      DatasetVersion newest = newest(c, name);
      int version = newest == null ? 1 : newest.version() + 1;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO datasets (" + COLUMNS + ") VALUES (?, ?, 0, ?, ?)")) {
        ps.setString(1, name);
        ps.setInt(2, version);
        ps.setString(3, source);
        ps.setLong(4, at.toEpochMilli());
        ps.executeUpdate();
      }
      int kept = append && newest != null ? copy(c, newest, version) : 0;
      int count = insert(c, name, version, kept, items);
      if (count == kept) {
        throw new IllegalArgumentException("no items to store: " + (kept == 0 ? "the source holds none" : "nothing to append"));
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE datasets SET items = ? WHERE name = ? AND version = ?")) {
        ps.setInt(1, count);
        ps.setString(2, name);
        ps.setInt(3, version);
        ps.executeUpdate();
      }
      return new DatasetVersion(name, version, count, source, Instant.ofEpochMilli(at.toEpochMilli()));
    });
  }

  private static int copy(Connection c, DatasetVersion from, int version) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO dataset_items (dataset, version, idx, input, expected, "
        + "metadata) SELECT dataset, ?, idx, input, expected, metadata FROM dataset_items WHERE dataset = ? AND version = ?")) {
      ps.setInt(1, version);
      ps.setString(2, from.name());
      ps.setInt(3, from.version());
      return ps.executeUpdate();
    }
  }

  /** Inserts what the source emits from index {@code first} on; returns the next free index. */
  private static int insert(Connection c, String name, int version, int first, ItemSource items) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ItemRows.INSERT)) {
      int[] next = {first};
      int[] pending = {0};
      items.emit((input, expected, metadata) -> {
        try {
          ItemRows.bind(ps, name, version, next[0]++, input, expected, metadata);
          ps.addBatch();
          if (++pending[0] == BATCH) {
            ps.executeBatch();
            pending[0] = 0;
          }
        } catch (SQLException e) {
          throw new SqlFailure(e);
        }
      });
      if (pending[0] > 0) ps.executeBatch();
      return next[0];
    } catch (SqlFailure e) {
      throw e.getCause();
    }
  }

  /** Carries a SQLException out of the item sink's lambda. */
  private static final class SqlFailure extends RuntimeException {
    SqlFailure(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }

  @Override
  public Optional<DatasetVersion> find(String name, Integer version) {
    return Optional.ofNullable(db.read(c -> version == null ? newest(c, name)
        : one(c, "SELECT " + COLUMNS + " FROM datasets WHERE name = ? AND version = ?", name, version)));
  }

  @Override
  public List<DatasetVersion> list() {
    return db.read(c -> many(c, "SELECT d.name, d.version, d.items, d.source, d.created_at FROM datasets d JOIN "
        + "(SELECT name, MAX(version) AS v FROM datasets GROUP BY name) m ON d.name = m.name AND d.version = m.v "
        + "ORDER BY d.name", null));
  }

  @Override
  public List<DatasetVersion> versions(String name) {
    return db.read(c -> many(c, "SELECT " + COLUMNS + " FROM datasets WHERE name = ? ORDER BY version", name));
  }

  @Override
  public List<DatasetItem> items(String name, int version, int offset, int limit) {
    String sql = "SELECT " + ItemRows.COLUMNS + " FROM dataset_items WHERE dataset = ? AND version = ? ORDER BY idx "
        + "LIMIT ? OFFSET ?";
    return db.read(c -> {
      List<DatasetItem> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, name);
        ps.setInt(2, version);
        ps.setInt(3, Math.max(limit, 0));
        ps.setInt(4, Math.max(offset, 0));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(ItemRows.read(rs));
        }
      }
      return out;
    });
  }

  /** Streams through a cursor in one read transaction. */
  @Override
  public void forEachItem(String name, int version, Consumer<DatasetItem> each) {
    String sql = "SELECT " + ItemRows.COLUMNS + " FROM dataset_items WHERE dataset = ? AND version = ? ORDER BY idx";
    db.read(c -> {
      c.setAutoCommit(false); // one snapshot; PostgreSQL honours the fetch size only inside a transaction
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, name);
        ps.setInt(2, version);
        ps.setFetchSize(BATCH);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) each.accept(ItemRows.read(rs));
        }
      } finally {
        c.rollback();
      }
      return null;
    });
  }

  private static DatasetVersion newest(Connection c, String name) throws SQLException {
    return one(c, "SELECT " + COLUMNS + " FROM datasets WHERE name = ? ORDER BY version DESC LIMIT 1", name, null);
  }

  private static DatasetVersion one(Connection c, String sql, String name, Integer version) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, name);
      if (version != null) ps.setInt(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? read(rs) : null;
      }
    }
  }

  private static List<DatasetVersion> many(Connection c, String sql, String name) throws SQLException {
    List<DatasetVersion> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (name != null) ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(read(rs));
      }
    }
    return out;
  }

  private static DatasetVersion read(ResultSet rs) throws SQLException {
    return new DatasetVersion(rs.getString("name"), rs.getInt("version"), rs.getInt("items"), rs.getString("source"),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }
}
