package dev.apprentice.gateway.config;

import dev.apprentice.api.cache.CachePolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * A model's {@code cache:} block (the top-level block is the default for every model).
 *
 * @param mode              off, exact, or semantic (exact first, then by meaning)
 * @param threshold         the least cosine similarity of a semantic hit
 * @param ttl               how long an entry answers
 * @param maxEntries        the most entries kept per tenant for the model
 * @param deterministicOnly when true (the default) only requests whose answer is meant to repeat are cached:
 *                          {@code temperature: 0} or a {@code seed}
 * @param privateValues     the tiers that answer and keep a call whose last user turn holds personal data or a
 *                          secret not replaced by a placeholder, or whose answer holds one its request does not:
 *                          {@code EXACT} (the default: an exact hit means the same values) or {@code SEMANTIC} (a
 *                          paraphrase naming other values, or none, may get an answer about the first caller's)
 */
public record CacheSettings(CachePolicy.Mode mode, double threshold, Duration ttl, long maxEntries,
    boolean deterministicOnly, CachePolicy.Mode privateValues) {

  /**
   * The default semantic threshold: the smallest at which false hits stayed at or under 2% of lookups on Banking77
   * (1.62%; counted per hit, no threshold gets under 2%: docs/benchmarks.md, "Semantic cache quality on Banking77").
   */
  public static final double DEFAULT_THRESHOLD = 0.92;

  public CacheSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(privateValues, "privateValues");
    if (privateValues == CachePolicy.Mode.OFF) throw new IllegalArgumentException("privateValues: exact or semantic");
  }

  /** Settings under which private values are answered and kept by the exact tier only. */
  public CacheSettings(CachePolicy.Mode mode, double threshold, Duration ttl, long maxEntries,
      boolean deterministicOnly) {
    this(mode, threshold, ttl, maxEntries, deterministicOnly, CachePolicy.Mode.EXACT);
  }

  /** Exact matches of deterministic requests, for an hour, up to 100,000 entries per tenant and model. */
  public static CacheSettings defaults() {
    return new CacheSettings(CachePolicy.Mode.EXACT, DEFAULT_THRESHOLD, Duration.ofHours(1), 100_000, true);
  }

  /**
   * True when the semantic tier must leave alone a call whose prompt or answer holds a private value: the model
   * caches by meaning, and its {@code private_values} are for the exact tier only.
   */
  public boolean guardsPrivateValues() {
    return mode == CachePolicy.Mode.SEMANTIC && privateValues == CachePolicy.Mode.EXACT;
  }

  public CachePolicy policy() {
    return new CachePolicy(mode, threshold, ttl, maxEntries);
  }
}
