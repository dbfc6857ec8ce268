package dev.apprentice.api.cache;

import java.time.Duration;

/**
 * How one model uses the cache.
 *
 * @param mode       off, exact only, or exact then semantic
 * @param threshold  the least cosine similarity of a semantic hit
 * @param ttl        how long an entry answers
 * @param maxEntries the most entries kept for the model per tenant; the oldest go first
 */
public record CachePolicy(Mode mode, double threshold, Duration ttl, long maxEntries) {

  /** The cache modes of the {@code cache:} config block. */
  public enum Mode { OFF, EXACT, SEMANTIC }

  public boolean enabled() {
    return mode != Mode.OFF;
  }
}
