package dev.apprentice.store;

import dev.apprentice.api.trace.TraceRecord;
import java.util.List;

/**
 * A page of {@link TraceStore#page}: its traces, newest first, and whether another page follows.
 *
 * @param hasMore true when more traces match after the last of this page: a page exactly as long as its limit is
 *                not taken for the last one
 */
public record TracePage(List<TraceRecord> traces, boolean hasMore) {

  public TracePage {
    traces = List.copyOf(traces);
  }

  /** The cursor of the next page (the id of this page's last trace), or null when this page is the last. */
  public String next() {
    return hasMore && !traces.isEmpty() ? traces.getLast().id() : null;
  }
}
