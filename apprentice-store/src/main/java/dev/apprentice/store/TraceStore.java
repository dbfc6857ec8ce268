package dev.apprentice.store;

import dev.apprentice.api.trace.TraceRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Where traces live: written in batches by the {@link AsyncTraceWriter}, read by the admin API and the CLI. */
public interface TraceStore {

  /** Stores a batch of traces (with their attempts) and adds their cost to the spend ledger, in one transaction. */
  void append(List<TraceRecord> batch);

  /** Traces matching the query, newest first, without request/response bodies. */
  List<TraceRecord> list(TraceQuery query);

  /** One trace with its attempts and captured bodies. */
  Optional<TraceRecord> find(String id);

  /** Every trace matching the query, oldest first, bodies included, streamed to {@code each} (for export). */
  void export(TraceQuery query, Consumer<TraceRecord> each);

  /** Spend grouped as the query asks, largest cost first. */
  List<CostRow> costs(CostQuery query);

  /** Spend per UTC day, key and tenant from {@code since} (inclusive) on: what budgets are loaded from at start. */
  List<SpendRow> spendSince(Instant since);

  /** Number of stored traces. */
  long count();
}
