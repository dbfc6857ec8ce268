package dev.apprentice.gateway.config;

import dev.apprentice.gateway.accounting.Capture;

/**
 * The top-level {@code traces:} block: whether calls are recorded, what a trace keeps by default (a model's own
 * {@code traces: {capture}} overrides it), how many finished traces may wait for the writer and how many MB their
 * captured bodies may hold together, and how long a call waits for room when that queue is full before its trace is
 * dropped (and counted); and how many days traces are kept ({@code retention_days}, 0: for ever).
 */
public record TraceSettings(boolean enabled, Capture capture, int queueCapacity, int queueMaxMb, int fullQueueWaitMs,
    int retentionDays) {

  /** Queued traces hold their captured bodies: 16k short calls are a few tens of MB at most. */
  public static final int DEFAULT_QUEUE_CAPACITY = 16_384;
  /**
   * Queued traces keep their bodies: without a bound on bytes, a burst of long prompts fills the heap long before
   * 16k traces are queued. The server also keeps it to a quarter of the heap.
   */
  public static final int DEFAULT_QUEUE_MAX_MB = 64;
  /**
   * A full queue means the gateway answers calls faster than the writer gets CPU to store them (overload): calls
   * then wait for the writer, which slows the gateway down to what it can account for, instead of losing records.
   */
  public static final int DEFAULT_FULL_QUEUE_WAIT_MS = 2_000;

  /** Traces are kept until deleted: dropping records is the operator's decision, never a default. */
  public static final int KEEP_FOREVER = 0;

  public static TraceSettings defaults() {
    return new TraceSettings(true, Capture.FULL, DEFAULT_QUEUE_CAPACITY, DEFAULT_QUEUE_MAX_MB, DEFAULT_FULL_QUEUE_WAIT_MS,
        KEEP_FOREVER);
  }

  /** True when traces older than {@link #retentionDays} are deleted. */
  public boolean expires() {
    return retentionDays != KEEP_FOREVER;
  }
}
