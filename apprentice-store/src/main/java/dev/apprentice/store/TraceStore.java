package dev.apprentice.store;

import dev.apprentice.api.trace.TraceRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Where traces live: written in batches by the {@link AsyncTraceWriter}, read by the admin API and the CLI. */
public interface TraceStore extends TraceBatches {

  /**
   * Stores a batch of traces (with their attempts) and adds their cost to the spend ledger, in one transaction.
   * A trace whose id is stored already is skipped, spend included, so retrying a batch is safe.
   */
  @Override
  void append(List<TraceRecord> batch);

  /**
   * Adds a batch's spend to the daily ledger without storing the traces: with {@code traces.enabled: false}, budgets
   * still count what was spent before a restart.
   */
  void appendSpendOnly(List<TraceRecord> batch);

  /**
   * Traces matching the query, newest first (ties in start time by id, descending, so that the order is the same on
   * every read), with attempts but without request/response bodies; after the query's cursor when it has one.
   *
   * @throws TraceNotFound when the cursor ({@link TraceQuery#after()}) names no stored trace
   */
  default List<TraceRecord> list(TraceQuery query) {
    return page(query).traces();
  }

  /**
   * The traces {@link #list} gives, and whether more match after them (one more is read to tell, also at the
   * largest limit, {@value TraceQuery#MAX_LIMIT}).
   *
   * @throws TraceNotFound when the cursor ({@link TraceQuery#after()}) names no stored trace
   */
  TracePage page(TraceQuery query);

  /** One trace with its attempts and captured bodies. */
  Optional<TraceRecord> find(String id);

  /**
   * Every trace matching the query, oldest first, bodies and attempts included, streamed to {@code each} (for
   * export) a page at a time, each page read in its own short transaction so that a slow consumer holds nothing open;
   * the query's limit applies only when it sets one. Every trace stored when the export began (and not deleted since)
   * comes exactly once, in order; a trace stored meanwhile comes only if it started after the last one exported and
   * no later than the newest stored at the beginning.
   */
  void export(TraceQuery query, Consumer<TraceRecord> each);

  /** Spend grouped as the query asks, from the traces themselves: largest cost first (by day: oldest day first). */
  List<CostRow> costs(CostQuery query);

  /**
   * Spend per UTC day, tenant and key (null for anonymous calls) from the UTC day of {@code since} on (null: every
   * day), ordered by day, tenant and key: what budgets are loaded from at start, read from the daily ledger.
   */
  List<SpendRow> spendSince(Instant since);

  /** Number of stored traces. */
  long count();

  /**
   * Deletes the traces that started before {@code cutoff}, with their attempts, oldest first, in short transactions
   * (so the trace writer never waits long); returns how many went. The daily spend ledger is kept: budgets and the
   * spend already counted do not change.
   */
  long deleteStartedBefore(Instant cutoff);
}
