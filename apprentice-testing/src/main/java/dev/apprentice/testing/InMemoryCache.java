package dev.apprentice.testing;

import dev.apprentice.api.cache.CacheHit;
import dev.apprentice.api.cache.CacheKey;
import dev.apprentice.api.cache.CachePolicy;
import dev.apprentice.api.cache.CacheStats;
import dev.apprentice.api.cache.CachedAnswer;
import dev.apprentice.api.cache.ResponseCache;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A response cache for tests: exact entries by key; "semantic" hits (similarity 0.95) for prompts equal after
 * lower-casing and dropping punctuation, within the same tenant, model and context.
 */
public final class InMemoryCache implements ResponseCache {

  public final Map<CacheKey, CachedAnswer> entries = new ConcurrentHashMap<>();
  public final AtomicLong lookups = new AtomicLong();
  public volatile boolean broken;

  @Override
  public Optional<CacheHit> lookup(CacheKey key, CachePolicy policy) {
    lookups.incrementAndGet();
    if (broken) throw new IllegalStateException("disk on fire");
    for (var e : entries.entrySet()) {
      CacheKey k = e.getKey();
      if (!k.tenant().equals(key.tenant()) || !k.model().equals(key.model())) continue;
      if (k.exact().equals(key.exact())) {
        return Optional.of(new CacheHit(e.getValue().response(), CacheHit.Tier.EXACT, 1.0, e.getValue().costUsd(),
            Instant.now(), e.getValue().servedBy(), e.getValue().privacyCheck(), e.getValue().retrieved()));
      }
    }
    if (policy.mode() != CachePolicy.Mode.SEMANTIC) return Optional.empty();
    for (var e : entries.entrySet()) {
      CacheKey k = e.getKey();
      if (k.tenant().equals(key.tenant()) && k.model().equals(key.model()) && k.context().equals(key.context())
          && plain(k.prompt()).equals(plain(key.prompt())) && 0.95 >= policy.threshold()) {
        return Optional.of(new CacheHit(e.getValue().response(), CacheHit.Tier.SEMANTIC, 0.95,
            e.getValue().costUsd(), Instant.now(), e.getValue().servedBy(), e.getValue().privacyCheck(),
            e.getValue().retrieved()));
      }
    }
    return Optional.empty();
  }

  private static String plain(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 ]", "").strip();
  }

  @Override
  public void store(CacheKey key, CachedAnswer answer, CachePolicy policy) {
    entries.put(key, answer);
  }

  @Override
  public CacheStats stats() {
    return new CacheStats(entries.size(), 0, 0, 0);
  }

  @Override
  public long clear(String tenant, String model) {
    int n = entries.size();
    entries.clear();
    return n;
  }

  @Override
  public void close() {}
}
