package dev.apprentice.server.accounting;

import dev.apprentice.api.trace.TraceRecord;

/**
 * Where the traces of requests refused before they became a call go. Unlike a {@link
 * dev.apprentice.api.trace.TraceSink} it says whether it kept the trace: some are left out ({@link
 * UnauthenticatedTraces}), and an answer may only name a trace id that names a stored trace (PRODUCT.md §3), so the
 * handler drops {@code x-apprentice-trace-id} when the trace was not kept.
 */
@FunctionalInterface
public interface RejectionSink {

  /** Passes the trace on, or leaves it out; true when it was passed on, so its id names a trace. */
  boolean keep(TraceRecord trace);
}
