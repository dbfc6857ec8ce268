package dev.apprentice.store;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What the trace writer knows of its store's health, and what it tells the log: the first failed write of a spell
 * of failures is logged once with its cause, a spell that goes on is summarised at most once a minute, and the end of
 * a spell is logged once with what it cost — never a line per call or per batch. Used by the writer's thread only,
 * read from any.
 */
final class StoreTrouble {

  private static final System.Logger LOG = System.getLogger(AsyncTraceWriter.class.getName());
  private static final long SUMMARY_GAP_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final LongSupplier dropped;
  private final LongSupplier nanos;
  /** The failure of the spell under way, or null while writes succeed. */
  private volatile String failure;
  private long since;
  private long droppedBefore;
  private long lastSummary;

  /**
   * @param dropped the writer's count of dropped traces so far
   * @param nanos   a monotonic clock in nanoseconds
   */
  StoreTrouble(LongSupplier dropped, LongSupplier nanos) {
    this.dropped = dropped;
    this.nanos = nanos;
  }

  /** True while the last write failed. */
  boolean failing() {
    return failure != null;
  }

  /** The failure of the spell under way; empty while writes succeed. */
  Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * A write failed.
   *
   * @param held true when the writer keeps such batches until the store takes them; false when it drops them
   *             after a few tries
   */
  void failed(RuntimeException e, boolean held, int queueCapacity) {
    long now = nanos.getAsLong();
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (failure == null) {
      since = now;
      lastSummary = now;
      droppedBefore = dropped.getAsLong();
      failure = message;
      LOG.log(Level.ERROR, "cannot write traces: " + message + (held
          ? "; they are kept in the queue (up to " + queueCapacity + ") and written when the store accepts writes"
              + " again, and dropped and counted (apprentice_traces_dropped_total) once it is full"
          : "; a batch that keeps failing is dropped after a few tries and counted (apprentice_traces_dropped_total)"),
          e);
      return;
    }
    failure = message;
    if (now - lastSummary >= SUMMARY_GAP_NANOS) {
      lastSummary = now;
      LOG.log(Level.WARNING, "traces still cannot be written after " + TimeUnit.NANOSECONDS.toSeconds(now - since)
          + " s: " + message + "; " + (dropped.getAsLong() - droppedBefore) + " dropped since it began");
    }
  }

  /** A write succeeded: ends a spell of failures, saying how long it lasted and what it cost. */
  void succeeded() {
    if (failure == null) return;
    failure = null;
    long seconds = TimeUnit.NANOSECONDS.toSeconds(nanos.getAsLong() - since);
    LOG.log(Level.WARNING, "traces are written again after " + seconds + " s of failed writes; "
        + (dropped.getAsLong() - droppedBefore) + " were dropped meanwhile");
  }
}
