package dev.apprentice.store.jdbc;

import dev.apprentice.api.dataset.DatasetInput;
import dev.apprentice.api.dataset.DatasetItem;
import dev.apprentice.api.dataset.DatasetVersion;
import dev.apprentice.store.DatasetStore;
import dev.apprentice.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Dataset versions and their items over JDBC in portable SQL. A new version's items are written in batches as the
 * source emits them, each batch its own short transaction, so a large import streams without holding its rows in
 * memory and without holding the write lock (which the trace writer needs) while the source reads. Until its last
 * batch the version is marked as being written ({@code items = -1}) and no reader sees it; a failure part-way removes
 * it, so nothing is left behind. An append copies the previous version's items the same way, a range of indexes per
 * transaction, once its source has emitted a first new item (an append that adds nothing copies nothing).
 *
 * <p>Writes of one dataset run one after another, in the order they arrive: an append builds on the version made
 * just before it, so it must not start copying while that version is still being written (it would copy the older
 * version and the newest would lack the rows of the write before it). Within this process a later write waits for
 * the earlier one; a write by another process on the same database (a CLI command beside the server) cannot be
 * waited for, so an append that finds one in progress is refused rather than built on the older version.
 */
public final class JdbcDatasetStore implements DatasetStore {

  private static final int BATCH = 500;
  /** Items copied per transaction when appending: small enough that the write lock is let go within milliseconds. */
  private static final int COPY_CHUNK = 5_000;
  /**
   * How long a version being written may go without progress before it counts as abandoned (its process stopped:
   * killed, Ctrl-C) and is removed, so that it no longer holds appends back. Every batch and copied chunk marks
   * progress, so only a source that emits nothing for this long (a stalled upload) loses its write.
   */
  static final long ABANDONED_AFTER_MILLIS = 10L * 60 * 1000;
  private static final String COLUMNS = "name, version, items, source, created_at";

  private final Database db;
  /** One fair lock per dataset name, so that its writes run in arrival order; names are few, so none is dropped. */
  private final Map<String, ReentrantLock> writers = new ConcurrentHashMap<>();
  private final int copyChunk;
  private final IntConsumer copied;
  /** The wall clock that dates a write's progress, in epoch milliseconds. */
  private final LongSupplier wallMillis;

  public JdbcDatasetStore(Database db) {
    this(db, COPY_CHUNK, rows -> {}, System::currentTimeMillis);
  }

  /** With {@code copied} told the number of items copied so far after each chunk of an append's copy commits. */
  JdbcDatasetStore(Database db, int copyChunk, IntConsumer copied) {
    this(db, copyChunk, copied, System::currentTimeMillis);
  }

  JdbcDatasetStore(Database db, int copyChunk, IntConsumer copied, LongSupplier wallMillis) {
    this.db = db;
    this.copyChunk = copyChunk;
    this.copied = copied;
    this.wallMillis = wallMillis;
  }

  @Override
  public DatasetVersion create(String name, String source, boolean append, Instant at, ItemSource items) {
    ReentrantLock writer = writers.computeIfAbsent(name, n -> new ReentrantLock(true));
    writer.lock();
    try {
      return write(name, source, append, at, items);
    } finally {
      writer.unlock();
    }
  }

  private DatasetVersion write(String name, String source, boolean append, Instant at, ItemSource items) {
    Reservation reserved = db.write(c -> reserve(c, name, source, append, wallMillis.getAsLong()));
    int count;
    try {
      int kept = reserved.base() == null ? 0 : reserved.base().items();
      count = insert(reserved, kept, items);
      if (count == kept) {
        throw reserved.base() == null ? new IllegalArgumentException("no items to store: the source holds none")
            : new DatasetStore.NothingNew(reserved.base());
      }
      int total = count;
      db.write(c -> {
        try (PreparedStatement ps = c.prepareStatement("UPDATE datasets SET items = ?, created_at = ? WHERE name = ? "
            + "AND version = ? AND " + OURS)) {
          ps.setInt(1, total);
          ps.setLong(2, at.toEpochMilli());
          ps.setString(3, name);
          ps.setInt(4, reserved.version());
          ps.setLong(5, reserved.mark);
          if (ps.executeUpdate() != 1) throw reclaimed(reserved);
        }
        return null;
      });
    } catch (RuntimeException | Error e) {
      discard(reserved, e);
      throw e;
    }
    return new DatasetVersion(name, reserved.version(), count, source, Instant.ofEpochMilli(at.toEpochMilli()));
  }

  /**
   * A version number taken, the version whose items it starts with (null unless appending to one), and the progress
   * mark this write last stored in its row's {@code created_at}. Every later statement of the write names the row by
   * that mark as well ({@link #OURS}): were the write ever taken for abandoned, its row removed and the version number
   * reserved again by another write (whose mark is at least {@link #ABANDONED_AFTER_MILLIS} later, so never equal),
   * this write's statements would match nothing and stop it, instead of writing into or removing the other's version.
   */
  private static final class Reservation {
    final String name;
    final int version;
    final DatasetVersion base;
    long mark;

    Reservation(String name, int version, DatasetVersion base, long mark) {
      this.name = name;
      this.version = version;
      this.base = base;
      this.mark = mark;
    }

    int version() {
      return version;
    }

    DatasetVersion base() {
      return base;
    }
  }

  /** The condition naming a reservation's row by its mark, with the mark as the last parameter. */
  private static final String OURS = "items < 0 AND created_at = ?";

  private static StoreException reclaimed(Reservation reserved) {
    return new StoreException("dataset " + reserved.name + " v" + reserved.version + " was taken for abandoned after "
        + ABANDONED_AFTER_MILLIS / 60_000 + " minutes without progress and removed while it was being written");
  }

  /**
   * Takes the next version number with a row marked as being written ({@code items = -1}, invisible to readers;
   * while it is, its {@code created_at} is when the write last made progress, and its version's date is stored when
   * it is finished), and when appending, finds the version to copy the items of. Rows left by a process that stopped
   * while writing are removed once they made no progress for {@link #ABANDONED_AFTER_MILLIS}. An append is refused
   * while another process writes a version of the dataset: this process's own writes of it are already finished
   * (see {@link #create}), and the version being written would be left out.
   */
  private static Reservation reserve(Connection c, String name, String source, boolean append, long nowMillis)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM datasets WHERE name = ? AND items < 0 AND created_at < ?")) {
      ps.setString(1, name);
      ps.setLong(2, nowMillis - ABANDONED_AFTER_MILLIS);
      ps.executeUpdate();
    }
    if (append) refuseWhileWritten(c, name);
    int version;
    try (PreparedStatement ps = c.prepareStatement("SELECT MAX(version) FROM datasets WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        version = (rs.next() ? rs.getInt(1) : 0) + 1;
      }
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO datasets (" + COLUMNS + ") VALUES (?, ?, -1, ?, ?)")) {
      ps.setString(1, name);
      ps.setInt(2, version);
      ps.setString(3, source);
      ps.setLong(4, nowMillis);
      ps.executeUpdate();
    }
    return new Reservation(name, version, append ? newest(c, name) : null, nowMillis);
  }

  private static void refuseWhileWritten(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT version, created_at FROM datasets WHERE name = ? AND items < 0 ORDER BY version LIMIT 1")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          throw new IllegalArgumentException("cannot append to dataset '" + name + "' now: version " + rs.getInt(1)
              + " is being written by another process (last progress " + Instant.ofEpochMilli(rs.getLong(2))
              + ") and the append would leave its items out; append again once it is finished (a write abandoned by "
              + "a process that stopped is cleared after " + ABANDONED_AFTER_MILLIS / 60_000 + " minutes without "
              + "progress)");
        }
      }
    }
  }

  private void discard(Reservation reserved, Throwable cause) {
    try {
      db.write(c -> {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM datasets WHERE name = ? AND version = ? AND "
            + OURS)) {
          ps.setString(1, reserved.name);
          ps.setInt(2, reserved.version);
          ps.setLong(3, reserved.mark);
          return ps.executeUpdate();
        }
      });
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Copies the items of {@code from} (indexes 0 to its count) into {@code version}, a range of indexes per
   * transaction: one statement for a million items would hold the write lock for seconds, and the trace writer,
   * whose busy retries give up sooner, would drop traces and spend entries.
   */
  private void copy(DatasetVersion from, Reservation reserved) {
    int version = reserved.version;
    int done = 0;
    for (int start = 0; start < from.items(); start += copyChunk) {
      int first = start;
      long mark = wallMillis.getAsLong();
      done += db.write(c -> {
        progressed(c, reserved, mark);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dataset_items (dataset, version, idx, input, "
            + "expected, metadata) SELECT dataset, ?, idx, input, expected, metadata FROM dataset_items "
            + "WHERE dataset = ? AND version = ? AND idx >= ? AND idx < ?")) {
          ps.setInt(1, version);
          ps.setString(2, from.name());
          ps.setInt(3, from.version());
          ps.setInt(4, first);
          ps.setInt(5, first + copyChunk);
          return ps.executeUpdate();
        }
      });
      reserved.mark = mark;
      copied.accept(done);
    }
    if (done != from.items()) {
      throw new StoreException("dataset " + from.id() + " holds " + done + " items, not the " + from.items()
          + " it lists");
    }
  }

  /**
   * Inserts what the source emits from index {@code first} on, a batch per transaction, so that the write lock is
   * never held while the source reads (a dataset made from traces must not stall the trace writer); returns the next
   * free index. An append's base is copied when the source emits its first item, not before: an append that turns out
   * to add nothing (a daily job whose calls the version already holds) then costs no copy of a large version, only to
   * be thrown away.
   */
  private int insert(Reservation reserved, int first, ItemSource items) {
    List<Pending> batch = new ArrayList<>(BATCH);
    int[] next = {first};
    items.emit((input, expected, metadata) -> {
      if (next[0] == first && reserved.base() != null) copy(reserved.base(), reserved);
      batch.add(new Pending(next[0]++, input, expected, metadata));
      if (batch.size() == BATCH) flush(reserved, batch);
    }, reserved.base());
    if (!batch.isEmpty()) flush(reserved, batch);
    return next[0];
  }

  private record Pending(int index, DatasetInput input, Object expected, Map<String, Object> metadata) {}

  private void flush(Reservation reserved, List<Pending> batch) {
    long mark = wallMillis.getAsLong();
    db.write(c -> {
      progressed(c, reserved, mark);
      try (PreparedStatement ps = c.prepareStatement(ItemRows.INSERT)) {
        for (Pending item : batch) {
          ItemRows.bind(ps, reserved.name, reserved.version, item.index(), item.input(), item.expected(),
              item.metadata());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
    reserved.mark = mark;
    batch.clear();
  }

  /**
   * Marks the reservation as making progress at {@code mark}, in the transaction that then writes its items, so that
   * no other process takes it for abandoned; throws, rolling that transaction back, when its row is no longer this
   * write's (it was taken for abandoned), so no item goes into a version another write reserved since.
   */
  private static void progressed(Connection c, Reservation reserved, long mark) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE datasets SET created_at = ? WHERE name = ? AND version = ? AND " + OURS)) {
      ps.setLong(1, mark);
      ps.setString(2, reserved.name);
      ps.setInt(3, reserved.version);
      ps.setLong(4, reserved.mark);
      if (ps.executeUpdate() != 1) throw reclaimed(reserved);
    }
  }

  @Override
  public Optional<DatasetVersion> find(String name, Integer version) {
    return Optional.ofNullable(db.read(c -> version == null ? newest(c, name)
        : one(c, "SELECT " + COLUMNS + " FROM datasets WHERE name = ? AND version = ? AND items >= 0", name, version)));
  }

  @Override
  public List<DatasetVersion> list() {
    return db.read(c -> many(c, "SELECT d.name, d.version, d.items, d.source, d.created_at FROM datasets d JOIN "
        + "(SELECT name, MAX(version) AS v FROM datasets WHERE items >= 0 GROUP BY name) m ON d.name = m.name AND d.version = m.v "
        + "ORDER BY d.name", null));
  }

  @Override
  public List<DatasetVersion> versions(String name) {
    return db.read(c -> many(c, "SELECT " + COLUMNS + " FROM datasets WHERE name = ? AND items >= 0 ORDER BY version",
        name));
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

  /**
   * Reads a page of items at a time by index, each page in its own short read: one read transaction held while a
   * slow client takes the items would keep SQLite from checkpointing the WAL past it. A version's items never change
   * once it is whole, so the pages read together are the version.
   */
  @Override
  public void forEachItem(String name, int version, Consumer<DatasetItem> each) {
    String sql = "SELECT " + ItemRows.COLUMNS + " FROM dataset_items WHERE dataset = ? AND version = ? AND idx >= ? "
        + "ORDER BY idx LIMIT ?";
    int next = 0;
    while (true) {
      int from = next;
      List<DatasetItem> page = db.read(c -> {
        List<DatasetItem> out = new ArrayList<>(BATCH);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setString(1, name);
          ps.setInt(2, version);
          ps.setInt(3, from);
          ps.setInt(4, BATCH);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(ItemRows.read(rs));
          }
        }
        return out;
      });
      page.forEach(each);
      if (page.size() < BATCH) return;
      next = page.getLast().index() + 1;
    }
  }

  private static DatasetVersion newest(Connection c, String name) throws SQLException {
    return one(c, "SELECT " + COLUMNS + " FROM datasets WHERE name = ? AND items >= 0 ORDER BY version DESC LIMIT 1",
        name, null);
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
