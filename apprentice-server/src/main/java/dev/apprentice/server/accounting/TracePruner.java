package dev.apprentice.server.accounting;

import dev.apprentice.server.BackgroundRounds;
import dev.apprentice.store.TraceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Enforces {@code traces.retention_days}: at start and then every hour, deletes the traces that started more than
 * that many days ago (the store does it in short batches, so calls being traced meanwhile wait a batch at most). A
 * failed round is logged and tried again at the next one. Spend and budgets are untouched: they live in the daily
 * ledger.
 */
public final class TracePruner implements AutoCloseable {

  static final Duration EVERY = Duration.ofHours(1);
  private static final System.Logger LOG = System.getLogger(TracePruner.class.getName());

  private final TraceStore traces;
  private final Duration retention;
  private final Clock clock;
  private final AtomicLong deleted = new AtomicLong();
  private BackgroundRounds rounds;

  private TracePruner(TraceStore traces, int retentionDays, Clock clock) {
    this.traces = traces;
    this.retention = Duration.ofDays(retentionDays);
    this.clock = clock;
  }

  /** A pruner whose first round starts now, in the background, and then every {@code every}. */
  static TracePruner start(TraceStore traces, int retentionDays, Clock clock, Duration every) {
    TracePruner pruner = new TracePruner(traces, retentionDays, clock);
    pruner.rounds = BackgroundRounds.start("apprentice-trace-retention", Duration.ZERO, every, pruner::pruneQuietly);
    return pruner;
  }

  /** Deletes the traces past retention now; returns how many went. */
  long prune() {
    Instant cutoff = clock.instant().minus(retention);
    long count = traces.deleteStartedBefore(cutoff);
    deleted.addAndGet(count);
    if (count > 0) {
      LOG.log(System.Logger.Level.INFO, "deleted " + count + " traces started before " + cutoff
          + " (traces.retention_days: " + retention.toDays() + ")");
    }
    return count;
  }

  /** Traces deleted since start. */
  public long deleted() {
    return deleted.get();
  }

  private void pruneQuietly() {
    try {
      prune();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "deleting traces past retention failed; trying again in "
          + EVERY.toMinutes() + " minutes: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    rounds.close();
  }
}
