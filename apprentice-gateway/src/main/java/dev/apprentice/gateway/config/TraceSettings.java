package dev.apprentice.gateway.config;

import dev.apprentice.gateway.accounting.Capture;

/**
 * The top-level {@code traces:} block: whether calls are recorded, what a trace keeps by default (a model's own
 * {@code traces: {capture}} overrides it), and how many finished traces may wait for the writer before new ones
 * are dropped (and counted).
 */
public record TraceSettings(boolean enabled, Capture capture, int queueCapacity) {

  /** Queued traces hold their captured bodies: 16k short calls are a few tens of MB at most. */
  public static final int DEFAULT_QUEUE_CAPACITY = 16_384;

  public static TraceSettings defaults() {
    return new TraceSettings(true, Capture.FULL, DEFAULT_QUEUE_CAPACITY);
  }
}
