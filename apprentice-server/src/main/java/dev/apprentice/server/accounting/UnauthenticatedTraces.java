package dev.apprentice.server.accounting;

import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.api.trace.TraceSink;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Writes the traces of requests refused before a key was accepted (401, or the admin key on a model route) at a
 * bounded rate: a token bucket of {@value #BURST} traces that refills one a second. Anyone who can reach the port
 * can send such requests, and each trace is a row that stays (trace retention is off by default), so tracing every one
 * let an unauthenticated client grow the database without limit. Every refusal is still counted by the metrics
 * ({@code apprentice_requests_total{status="401"}}); the ones left out here are counted too
 * ({@code apprentice_unauthenticated_traces_skipped_total}), so the audit trail keeps the first of a burst and a steady
 * sample of the rest; an answer whose trace was left out carries no trace id (it would name no trace). Refusals of known callers pass untouched: a key holder is identified and can be revoked.
 */
public final class UnauthenticatedTraces implements RejectionSink {

  /** How many such traces may be written at once, after a quiet spell. */
  public static final int BURST = 10;
  private static final long REFILL_NANOS = 1_000_000_000L;

  private final TraceSink next;
  private final LongSupplier nanos;
  private final LongAdder skipped = new LongAdder();
  private double tokens = BURST;
  private long refilledAt;

  /**
   * @param next  where the traces that are kept go
   * @param nanos a monotonic clock ({@code System::nanoTime})
   */
  public UnauthenticatedTraces(TraceSink next, LongSupplier nanos) {
    this.next = next;
    this.nanos = nanos;
    this.refilledAt = nanos.getAsLong();
  }

  @Override
  public boolean keep(TraceRecord record) {
    if (!RejectedCalls.UNAUTHENTICATED.equals(record.tenant()) || take()) {
      next.accept(record);
      return true;
    }
    skipped.increment();
    return false;
  }

  /** Takes one token when the bucket has one, after adding those earned since the last refill. */
  private synchronized boolean take() {
    long now = nanos.getAsLong();
    tokens = Math.min(BURST, tokens + (double) (now - refilledAt) / REFILL_NANOS);
    refilledAt = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }

  /** Unauthenticated refusals not traced since start. */
  public long skipped() {
    return skipped.sum();
  }
}
