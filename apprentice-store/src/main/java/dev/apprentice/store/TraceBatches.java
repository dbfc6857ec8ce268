package dev.apprentice.store;

import dev.apprentice.api.trace.TraceRecord;
import java.util.List;

/** Where the {@link AsyncTraceWriter} puts each batch: the trace store, or only its spend ledger when traces are off. */
@FunctionalInterface
public interface TraceBatches {

  /** Stores a batch in one transaction; retrying a batch that failed is safe. */
  void append(List<TraceRecord> batch);
}
