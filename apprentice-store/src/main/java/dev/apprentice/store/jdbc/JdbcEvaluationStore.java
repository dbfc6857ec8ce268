package dev.apprentice.store.jdbc;

import dev.apprentice.store.EvaluationItem;
import dev.apprentice.store.EvaluationRun;
import dev.apprentice.store.EvaluationStore;
import dev.apprentice.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link EvaluationStore} over JDBC; the item upsert is {@code INSERT ... ON CONFLICT DO UPDATE} (SQLite and PostgreSQL). */
public final class JdbcEvaluationStore implements EvaluationStore {

  private static final String RUN_COLUMNS = "id, suite, suite_text, started_at, ended_at, status, dataset_ref, "
      + "items_digest, heartbeat_at";
  private static final String ITEM_COLUMNS = "run_id, variant, item_index, output, metrics, latency_ms, input_tokens, "
      + "output_tokens, cost_usd, judge_cost_usd, judge_tokens, trace_id, error, call_status";

  private final Database database;

  public JdbcEvaluationStore(Database database) {
    this.database = database;
  }

  @Override
  public void createRun(EvaluationRun run) {
    database.write(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO eval_runs (" + RUN_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        s.setString(1, run.id());
        s.setString(2, run.suite());
        s.setString(3, run.suiteText());
        s.setLong(4, run.startedAt().toEpochMilli());
        setMillis(s, 5, run.endedAt());
        s.setString(6, run.status());
        s.setString(7, run.datasetRef());
        s.setString(8, run.itemsDigest());
        setMillis(s, 9, run.heartbeatAt());
        return s.executeUpdate();
      }
    });
  }

  @Override
  public Optional<EvaluationRun> run(String id) {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM eval_runs WHERE id = ?")) {
        s.setString(1, id);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? Optional.of(run(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<EvaluationRun> runs(int limit) {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT " + RUN_COLUMNS + " FROM eval_runs ORDER BY started_at DESC, id DESC LIMIT ?")) {
        s.setInt(1, limit);
        List<EvaluationRun> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) out.add(run(rs));
        }
        return out;
      }
    });
  }

  @Override
  public void updateRun(String id, String status, Instant endedAt) {
    int updated = database.write(c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE eval_runs SET status = ?, ended_at = ? WHERE id = ?")) {
        s.setString(1, status);
        setMillis(s, 2, endedAt);
        s.setString(3, id);
        return s.executeUpdate();
      }
    });
    if (updated == 0) throw new StoreException("no evaluation run " + id);
  }

  @Override
  public void heartbeat(String id, Instant at) {
    int updated = database.write(c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE eval_runs SET heartbeat_at = ? WHERE id = ?")) {
        s.setLong(1, at.toEpochMilli());
        s.setString(2, id);
        return s.executeUpdate();
      }
    });
    if (updated == 0) throw new StoreException("no evaluation run " + id);
  }

  @Override
  public boolean claim(String id, String seenStatus, String status, Instant seen, Instant at) {
    return whileUnchanged(id, seenStatus, seen, "status = ?, heartbeat_at = ?, ended_at = NULL", status, at);
  }

  @Override
  public boolean end(String id, String seenStatus, Instant seen, String status, Instant endedAt) {
    return whileUnchanged(id, seenStatus, seen, "status = ?, ended_at = ?", status, endedAt);
  }

  @Override
  public boolean holds(String id, String status, Instant heartbeat) {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT 1 FROM eval_runs WHERE id = ? AND status = ? AND heartbeat_at = ?")) {
        s.setString(1, id);
        s.setString(2, status);
        s.setLong(3, heartbeat.toEpochMilli());
        try (ResultSet rs = s.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /**
   * Sets a run's status and one time column, only while the run still has the status and heartbeat the caller last
   * saw (a compare-and-set: another process's resume or beat in between makes it a no-op and returns false).
   */
  private boolean whileUnchanged(String id, String seenStatus, Instant seen, String assignments, String status,
      Instant at) {
    int updated = database.write(c -> {
      String sql = "UPDATE eval_runs SET " + assignments + " WHERE id = ? AND status = ? AND "
          + (seen == null ? "heartbeat_at IS NULL" : "heartbeat_at = ?");
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setString(1, status);
        setMillis(s, 2, at);
        s.setString(3, id);
        s.setString(4, seenStatus);
        if (seen != null) s.setLong(5, seen.toEpochMilli());
        return s.executeUpdate();
      }
    });
    if (updated == 0 && run(id).isEmpty()) throw new StoreException("no evaluation run " + id);
    return updated == 1;
  }

  @Override
  public void recordItems(String id, String datasetRef, String itemsDigest) {
    int updated = database.write(c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE eval_runs SET items_digest = ?, "
          + "dataset_ref = COALESCE(dataset_ref, ?) WHERE id = ? AND items_digest IS NULL")) {
        s.setString(1, itemsDigest);
        s.setString(2, datasetRef);
        s.setString(3, id);
        return s.executeUpdate();
      }
    });
    if (updated == 0 && run(id).isEmpty()) throw new StoreException("no evaluation run " + id);
  }

  @Override
  public void saveItem(EvaluationItem item) {
    database.write(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO eval_items (" + ITEM_COLUMNS + ") VALUES "
          + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, variant, item_index) DO UPDATE SET "
          + "output = excluded.output, metrics = excluded.metrics, latency_ms = excluded.latency_ms, "
          + "input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, cost_usd = excluded.cost_usd, "
          + "judge_cost_usd = excluded.judge_cost_usd, judge_tokens = excluded.judge_tokens, "
          + "trace_id = excluded.trace_id, error = excluded.error, call_status = excluded.call_status")) {
        s.setString(1, item.runId());
        s.setString(2, item.variant());
        s.setInt(3, item.itemIndex());
        s.setString(4, item.output());
        s.setString(5, item.metricsJson());
        s.setDouble(6, item.latencyMs());
        s.setInt(7, item.inputTokens());
        s.setInt(8, item.outputTokens());
        s.setDouble(9, item.costUsd());
        s.setDouble(10, item.judgeCostUsd());
        s.setLong(11, item.judgeTokens());
        s.setString(12, item.traceId());
        s.setString(13, item.error());
        s.setInt(14, item.callStatus());
        return s.executeUpdate();
      }
    });
  }

  @Override
  public List<EvaluationItem> items(String runId) {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + ITEM_COLUMNS
          + " FROM eval_items WHERE run_id = ? ORDER BY variant, item_index")) {
        s.setString(1, runId);
        List<EvaluationItem> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(new EvaluationItem(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                rs.getString(5), rs.getDouble(6), rs.getInt(7), rs.getInt(8), rs.getDouble(9), rs.getDouble(10),
                rs.getLong(11), rs.getString(12), rs.getString(13), rs.getInt(14)));
          }
        }
        return out;
      }
    });
  }

  private static EvaluationRun run(ResultSet rs) throws SQLException {
    return new EvaluationRun(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
        millis(rs, 5), rs.getString(6), rs.getString(7), rs.getString(8), millis(rs, 9));
  }

  private static Instant millis(ResultSet rs, int index) throws SQLException {
    long millis = rs.getLong(index);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  private static void setMillis(PreparedStatement s, int index, Instant at) throws SQLException {
    if (at == null) s.setNull(index, Types.BIGINT);
    else s.setLong(index, at.toEpochMilli());
  }
}
