package dev.apprentice.store.jdbc;

import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.store.CostQuery;
import dev.apprentice.store.CostRow;
import dev.apprentice.store.SpendRow;
import dev.apprentice.store.TraceNotFound;
import dev.apprentice.store.TracePage;
import dev.apprentice.store.TraceQuery;
import dev.apprentice.store.TraceStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Traces over JDBC in portable SQL. An append is one transaction: batched inserts of the traces and their attempts,
 * then the batch's spend upserted into {@code spend_daily}. A trace id already stored is skipped (append is
 * idempotent), and so is its spend.
 */
public final class JdbcTraceStore implements TraceStore {

  private static final int PAGE = 500;
  /** The most characters of captured bodies an export page holds (one trace larger than that is a page alone). */
  private static final long PAGE_CHARS = 16L * 1024 * 1024;

  private final Database db;

  public JdbcTraceStore(Database db) {
    this.db = db;
  }

  @Override
  public void append(List<TraceRecord> batch) {
    if (batch.isEmpty()) {
      return;
    }
    db.write(c -> {
      List<TraceRecord> inserted = insertTraces(c, batch);
      insertAttempts(c, inserted);
      SpendLedger.add(c, inserted);
      return null;
    });
  }

  private static List<TraceRecord> insertTraces(Connection c, List<TraceRecord> batch) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(TraceRows.INSERT)) {
      for (TraceRecord t : batch) {
        TraceRows.bind(ps, t);
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      List<TraceRecord> inserted = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        // 0 rows: the id was already stored; SUCCESS_NO_INFO (drivers that rewrite batches) counts as inserted
        if (i >= counts.length || counts[i] != 0) {
          inserted.add(batch.get(i));
        }
      }
      return inserted;
    }
  }

  private static void insertAttempts(Connection c, List<TraceRecord> traces) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(TraceRows.INSERT_ATTEMPT)) {
      boolean any = false;
      for (TraceRecord t : traces) {
        for (AttemptRecord a : t.attempts()) {
          TraceRows.bindAttempt(ps, t.id(), a);
          ps.addBatch();
          any = true;
        }
      }
      if (any) {
        ps.executeBatch();
      }
    }
  }

  @Override
  public void appendSpendOnly(List<TraceRecord> batch) {
    if (batch.isEmpty()) return;
    db.write(c -> {
      SpendLedger.add(c, batch);
      return null;
    });
  }

  @Override
  public long deleteStartedBefore(Instant cutoff) {
    return TraceRetention.deleteStartedBefore(db, cutoff.toEpochMilli());
  }

  @Override
  public TracePage page(TraceQuery query) {
    int limit = limit(query);
    TraceFilter filter = TraceFilter.of(query);
    boolean paged = query.after() != null;
    String sql = listSql(TraceRows.COLUMNS, filter, paged);
    return db.read(c -> {
      List<TraceRecord> page = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int next = filter.bind(ps);
        if (paged) {
          next = TraceKeyset.bind(ps, next, new TraceKeyset.Key(startOf(c, query.after()), query.after()));
        }
        ps.setInt(next, limit + 1);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            page.add(TraceRows.read(rs, false, List.of()));
          }
        }
      }
      boolean more = page.size() > limit;
      return new TracePage(withAttempts(c, more ? page.subList(0, limit) : page), more);
    });
  }

  /** The query of a page of traces, newest first. */
  static String listSql(String columns, TraceFilter filter) {
    return listSql(columns, filter, false);
  }

  /**
   * The query of a page of traces, newest first; {@code paged}: after a cursor, bound by {@link TraceKeyset#bind}.
   */
  static String listSql(String columns, TraceFilter filter, boolean paged) {
    String after = !paged ? "" : (filter.where().isEmpty() ? " WHERE " : " AND ") + TraceKeyset.NEWEST_FIRST.past();
    return "SELECT " + columns + " FROM traces" + filter.where() + after + TraceKeyset.NEWEST_FIRST.orderBy()
        + " LIMIT ?";
  }

  /** The start time of the trace a cursor names. */
  private static long startOf(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT started_at FROM traces WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) throw new TraceNotFound(id);
        return rs.getLong(1);
      }
    }
  }

  private static int limit(TraceQuery query) {
    int limit = query.limitOrDefault();
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    return Math.min(limit, TraceQuery.MAX_LIMIT);
  }

  @Override
  public Optional<TraceRecord> find(String id) {
    String sql = "SELECT " + TraceRows.COLUMNS + TraceRows.BODIES + " FROM traces WHERE id = ?";
    return db.read(c -> {
      TraceRecord found = null;
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            found = TraceRows.read(rs, true, List.of());
          }
        }
      }
      return found == null ? Optional.empty() : Optional.of(withAttempts(c, List.of(found)).getFirst());
    });
  }

  /** Reads a page at a time, each page in its own short read (see {@link TraceExport}). */
  @Override
  public void export(TraceQuery query, Consumer<TraceRecord> each) {
    new TraceExport(db, query, PAGE, PAGE_CHARS).run(each);
  }

  @Override
  public List<CostRow> costs(CostQuery query) {
    return db.read(c -> CostReports.costs(c, query));
  }

  @Override
  public List<SpendRow> spendSince(Instant since) {
    return db.read(c -> CostReports.spendSince(c, since));
  }

  @Override
  public long count() {
    return db.read(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM traces")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** The traces with their attempts loaded, in the same order. */
  static List<TraceRecord> withAttempts(Connection c, List<TraceRecord> traces) throws SQLException {
    if (traces.isEmpty()) {
      return List.of();
    }
    Map<String, List<AttemptRecord>> attempts = new HashMap<>();
    String marks = String.join(", ", Collections.nCopies(traces.size(), "?"));
    String sql = "SELECT " + TraceRows.ATTEMPT_COLUMNS + " FROM attempts WHERE trace_id IN (" + marks
        + ") ORDER BY trace_id, idx";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < traces.size(); i++) {
        ps.setString(i + 1, traces.get(i).id());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          attempts.computeIfAbsent(rs.getString("trace_id"), k -> new ArrayList<>()).add(TraceRows.readAttempt(rs));
        }
      }
    }
    List<TraceRecord> out = new ArrayList<>(traces.size());
    for (TraceRecord t : traces) {
      out.add(TraceRows.withAttempts(t, attempts.getOrDefault(t.id(), List.of())));
    }
    return out;
  }
}
