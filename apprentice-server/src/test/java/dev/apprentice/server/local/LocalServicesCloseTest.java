package dev.apprentice.server.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.cache.CacheHit;
import dev.apprentice.api.cache.CacheKey;
import dev.apprentice.api.cache.CachePolicy;
import dev.apprentice.api.cache.CacheStats;
import dev.apprentice.api.cache.CachedAnswer;
import dev.apprentice.api.cache.ResponseCache;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.local.collection.Collections;
import dev.apprentice.local.embedding.LocalModels;
import dev.apprentice.testing.WordHashEmbedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalServicesCloseTest {

  private static final String CONFIG = """
      providers:
        sim: { type: simulator }
      models:
        echo: { targets: [ { provider: sim, model: sim-echo } ] }
      """;

  @TempDir Path dataDir;

  /** A cache whose last commit meets a full disk when it closes. */
  private static final class CacheOnAFullDisk implements ResponseCache {
    boolean closeTried;

    @Override
    public Optional<CacheHit> lookup(CacheKey key, CachePolicy policy) {
      return Optional.empty();
    }

    @Override
    public void store(CacheKey key, CachedAnswer answer, CachePolicy policy) {}

    @Override
    public CacheStats stats() {
      return new CacheStats(0, 0, 0, 0);
    }

    @Override
    public long clear(String tenant, String model) {
      return 0;
    }

    @Override
    public void close() {
      closeTried = true;
      throw new UncheckedIOException("cannot close the response cache", new IOException("No space left on device"));
    }
  }

  @Test
  void aCacheThatFailsToCloseDoesNotKeepTheCollectionsAndModelsOpen() {
    LocalModels models = new LocalModels(dataDir);
    Collections collections = new Collections(dataDir.resolve("collections"), WordHashEmbedder::new);
    CacheOnAFullDisk cache = new CacheOnAFullDisk();
    LocalServices services = new LocalServices(ConfigLoader.parse(CONFIG, Map.of()), models, WordHashEmbedder::new,
        WordHashEmbedder::new, collections, cache, true);

    assertThatThrownBy(services::close).isInstanceOf(UncheckedIOException.class);

    assertThat(cache.closeTried).isTrue();
    assertThatThrownBy(() -> collections.describe("kb")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(models::embedder).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
