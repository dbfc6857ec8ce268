package dev.apprentice.local.cache;

import dev.apprentice.api.cache.CacheKey;
import dev.apprentice.api.cache.CachePolicy;
import dev.apprentice.api.cache.CachePolicy.Mode;
import dev.apprentice.api.cache.CachedAnswer;
import dev.apprentice.testing.LogCapture;
import dev.apprentice.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Keys, policies and caches the cache tests share. */
final class CacheFixture {

  static final Instant START = Instant.parse("2026-01-05T09:00:00Z");
  static final Duration TTL = Duration.ofHours(1);
  static final CachePolicy EXACT = new CachePolicy(Mode.EXACT, 0.9, TTL, 1000);
  static final CachePolicy SEMANTIC = new CachePolicy(Mode.SEMANTIC, 0.9, TTL, 1000);
  static final CachePolicy OFF = new CachePolicy(Mode.OFF, 0.9, TTL, 1000);
  /** Every store visible at once, and maintenance only when a test asks for it. */
  static final CacheTuning TESTING = new CacheTuning(16, Duration.ZERO, Duration.ofHours(1), 1_000_000,
      Duration.ofHours(1), Duration.ofSeconds(5));

  final FakeEmbedder embedder = new FakeEmbedder();
  final ManualClock clock = new ManualClock(START.toString());

  LuceneResponseCache open(Path dir) {
    return new LuceneResponseCache(dir, embedder, clock, TESTING);
  }

  /** What the cache and its index log from now until it is closed (its {@code warnings()}: what reads as a fault). */
  static LogCapture complaints() {
    return LogCapture.of(LuceneResponseCache.class.getName(), CacheIndex.class.getName());
  }

  /** A key of tenant {@code acme}, model {@code smart}, context {@code ctx-1}, whose exact key is its prompt's. */
  static CacheKey key(String prompt) {
    return key("acme", "smart", "ctx-1", prompt);
  }

  static CacheKey key(String tenant, String model, String context, String prompt) {
    return new CacheKey(tenant, model, "exact:" + context + ":" + prompt, context, prompt);
  }

  static CachedAnswer answer(String text) {
    return new CachedAnswer("{\"choices\":[{\"message\":{\"content\":\"" + text + "\"}}]}", 0.0021);
  }

  static CachePolicy sized(CachePolicy policy, long maxEntries) {
    return new CachePolicy(policy.mode(), policy.threshold(), policy.ttl(), maxEntries);
  }
}
