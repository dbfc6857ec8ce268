package dev.apprentice.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Deletes old traces a batch at a time: each batch (the oldest {@value #BATCH} traces before the cutoff and their
 * attempts) is one short write transaction with a rest after it, so that the trace writer, which shares the one
 * write lock of SQLite, waits for a batch at most, never for the whole deletion. Portable SQL: a subquery with {@code LIMIT} picks the
 * batch, the same one for both statements inside the transaction.
 */
final class TraceRetention {

  static final int BATCH = 1_000;

  private static final String OLDEST = "SELECT id FROM traces WHERE started_at < ? ORDER BY started_at, id LIMIT ?";
  private static final String DELETE_ATTEMPTS = "DELETE FROM attempts WHERE trace_id IN (" + OLDEST + ")";
  private static final String DELETE_TRACES = "DELETE FROM traces WHERE id IN (" + OLDEST + ")";

  private TraceRetention() {}

  /**
   * Deletes batch after batch, resting after each as long as it took: the write lock is not fair, and without the
   * rest the loop took it back at once, so the trace writer waited for the whole deletion (1.2 s for 100,000 traces
   * in bench/retention.sh) instead of one batch. Interrupted, it stops after the current batch.
   */
  static long deleteStartedBefore(Database db, long cutoffMillis) {
    long deleted = 0;
    while (true) {
      long start = System.nanoTime();
      int batch = db.write(c -> deleteBatch(c, cutoffMillis));
      deleted += batch;
      if (batch < BATCH) return deleted;
      try {
        Thread.sleep(Math.max(1, (System.nanoTime() - start) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return deleted;
      }
    }
  }

  private static int deleteBatch(Connection c, long cutoffMillis) throws SQLException {
    execute(c, DELETE_ATTEMPTS, cutoffMillis);
    return execute(c, DELETE_TRACES, cutoffMillis);
  }

  private static int execute(Connection c, String sql, long cutoffMillis) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, cutoffMillis);
      ps.setInt(2, BATCH);
      return ps.executeUpdate();
    }
  }
}
