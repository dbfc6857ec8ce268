package dev.apprentice.local.cache;

import static dev.apprentice.local.cache.CacheFixture.EXACT;
import static dev.apprentice.local.cache.CacheFixture.answer;
import static dev.apprentice.local.cache.CacheFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.Embedder;
import dev.apprentice.local.embedding.LazyEmbedder;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An exact-only cache never asks for the embedding model, so a gateway that caches exactly never loads it. */
class ExactCacheNeedsNoModelTest {

  @TempDir Path dir;

  @Test
  void exactStoresLookupsStatsAndClearsNeverTouchTheEmbedder() {
    AtomicInteger asked = new AtomicInteger();
    Embedder neverLoaded = new LazyEmbedder(() -> {
      asked.incrementAndGet();
      throw new IllegalStateException("the model must not be loaded for exact caching");
    });
    try (LuceneResponseCache cache = new LuceneResponseCache(dir, neverLoaded, java.time.Clock.systemUTC(),
        CacheFixture.TESTING)) {
      cache.store(key("where is my card?"), answer("On its way."), EXACT);
      assertThat(cache.lookup(key("where is my card?"), EXACT)).isPresent();
      assertThat(cache.stats().entries()).isEqualTo(1);
      assertThat(cache.clear(null, null)).isEqualTo(1);
    }
    assertThat(asked).hasValue(0);
  }
}
