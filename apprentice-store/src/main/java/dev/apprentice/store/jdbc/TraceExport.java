package dev.apprentice.store.jdbc;

import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.store.TraceQuery;
import dev.apprentice.store.jdbc.TraceKeyset.Key;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An export read in pages by key ({@code started_at, id}), each page its own short read. One read transaction held
 * for a whole export would keep SQLite from checkpointing the WAL past it, so a slow client reading a large export
 * over HTTP would grow the WAL file without limit. The export stops at the newest start time stored when it began,
 * so traces written meanwhile cannot keep it going; paging by key (not offset) means that they cannot shift, repeat
 * or skip the traces that were there. A page ends at {@code page} traces or once the bodies read hold
 * {@code pageChars} characters, whichever comes first: captured bodies can each be as large as the largest request
 * body the server takes (8 MiB by default) or larger answers, and 500 of those at once would not fit in any heap.
 */
final class TraceExport {

  private final Database db;
  private final TraceQuery query;
  private final TraceFilter filter;
  private final int page;
  private final long pageChars;

  TraceExport(Database db, TraceQuery query, int page, long pageChars) {
    this.db = db;
    this.query = query;
    this.filter = TraceFilter.of(query);
    this.page = page;
    this.pageChars = pageChars;
  }

  /** A page's traces; {@code full}: it ended at its size or its characters, so more may follow. */
  record Page(List<TraceRecord> rows, boolean full) {}

  void run(Consumer<TraceRecord> each) {
    Long newest = db.read(TraceExport::newestStart);
    if (newest == null) return;
    long left = query.limit() == null ? Long.MAX_VALUE : Math.max(query.limit(), 0);
    Key after = null;
    while (left > 0) {
      int size = (int) Math.min(page, left);
      Key from = after;
      Page read = db.read(c -> page(c, newest, from, size));
      List<TraceRecord> rows = read.rows();
      rows.forEach(each);
      if (!read.full()) return;
      left -= rows.size();
      TraceRecord last = rows.getLast();
      after = new Key(last.startedAt().toEpochMilli(), last.id());
    }
  }

  private static long length(String body) {
    return body == null ? 0 : body.length();
  }

  private static Long newestStart(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(started_at) FROM traces")) {
      long newest = rs.next() ? rs.getLong(1) : 0;
      return rs.wasNull() ? null : newest;
    }
  }

  /** The query of a page, up to the newest start time; {@code paged}: after a key. */
  private static String sql(TraceFilter filter, boolean paged) {
    return "SELECT " + TraceRows.COLUMNS + TraceRows.BODIES + " FROM traces" + filter.where()
        + (filter.where().isEmpty() ? " WHERE " : " AND ") + "started_at <= ?"
        + (paged ? " AND " + TraceKeyset.OLDEST_FIRST.past() : "")
        + TraceKeyset.OLDEST_FIRST.orderBy() + " LIMIT ?";
  }

  /** The page after {@code after} (null: the first), at most {@code size} traces, with their attempts. */
  Page page(Connection c, long newest, Key after, int size) throws SQLException {
    String sql = sql(filter, after != null);
    List<TraceRecord> rows = new ArrayList<>();
    long chars = 0;
    boolean full = false;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int next = filter.bind(ps);
      ps.setLong(next++, newest);
      if (after != null) {
        next = TraceKeyset.bind(ps, next, after);
      }
      ps.setInt(next, size);
      try (ResultSet rs = ps.executeQuery()) {
        while (!full && rs.next()) {
          TraceRecord row = TraceRows.read(rs, true, List.of());
          rows.add(row);
          chars += length(row.request()) + length(row.response());
          full = rows.size() == size || chars >= pageChars;
        }
      }
    }
    return new Page(JdbcTraceStore.withAttempts(c, rows), full);
  }
}
