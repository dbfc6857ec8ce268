package dev.apprentice.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The two walks over traces by key ({@code started_at, id}): the order of each and the condition of the traces past a
 * key in it. The condition bounds {@code started_at} alone first, so that the started_at indexes bound the range
 * (portable, unlike row values), and breaks ties on the start time by id, as the order does, so that a page never
 * repeats or skips a trace of the same millisecond.
 */
enum TraceKeyset {

  /** The trace list. */
  NEWEST_FIRST("<", " ORDER BY started_at DESC, id DESC"),
  /** An export. */
  OLDEST_FIRST(">", " ORDER BY started_at, id");

  /** A place in a walk: the trace read last. */
  record Key(long startedAt, String id) {}

  private final String past;
  private final String orderBy;

  TraceKeyset(String beyond, String orderBy) {
    this.past = "started_at " + beyond + "= ? AND (started_at " + beyond + " ? OR id " + beyond + " ?)";
    this.orderBy = orderBy;
  }

  /** The condition of the traces past a key, without WHERE or AND; {@link #bind} binds its parameters. */
  String past() {
    return past;
  }

  /** The order of the walk, with a leading space. */
  String orderBy() {
    return orderBy;
  }

  /** Binds {@code key} to the parameters of {@link #past()} from index {@code next} on; returns the next free index. */
  static int bind(PreparedStatement ps, int next, Key key) throws SQLException {
    ps.setLong(next, key.startedAt());
    ps.setLong(next + 1, key.startedAt());
    ps.setString(next + 2, key.id());
    return next + 3;
  }
}
