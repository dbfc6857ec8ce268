package dev.apprentice.local.cache;

import static dev.apprentice.local.cache.CacheFixture.EXACT;
import static dev.apprentice.local.cache.CacheFixture.SEMANTIC;
import static dev.apprentice.local.cache.CacheFixture.answer;
import static dev.apprentice.local.cache.CacheFixture.key;
import static dev.apprentice.local.cache.CacheFixture.sized;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.cache.CachePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class CacheBoundsTest {

  @TempDir Path dir;
  private final CacheFixture fixture = new CacheFixture();

  @Test
  void aModelOverItsSizeLosesItsOldestEntriesAndNoOtherModelsOrTenants() throws Exception {
    CachePolicy three = sized(SEMANTIC, 3);
    try (LuceneResponseCache cache = fixture.open(dir)) {
      cache.store(key("globex", "smart", "ctx-1", "q0"), answer("other tenant"), three);
      cache.store(key("acme", "fast", "ctx-1", "q0"), answer("other model"), three);
      for (int i = 0; i < 5; i++) {
        cache.store(key("q" + i), answer("a" + i), three);
        fixture.clock.advance(Duration.ofSeconds(1));
      }
      cache.store(key("q0"), answer("a0 again"), three);

      assertThat(cache.maintain()).isEqualTo(2);

      assertThat(cache.lookup(key("q1"), EXACT)).isEmpty();
      assertThat(cache.lookup(key("q2"), EXACT)).isEmpty();
      for (String kept : List.of("q3", "q4", "q0")) assertThat(cache.lookup(key(kept), EXACT)).isPresent();
      assertThat(cache.lookup(key("globex", "smart", "ctx-1", "q0"), EXACT)).isPresent();
      assertThat(cache.lookup(key("acme", "fast", "ctx-1", "q0"), EXACT)).isPresent();
      assertThat(cache.stats().entries()).isEqualTo(5);
    }
  }

  @Test
  @Timeout(60)
  void maintenanceRunsByItselfOnceEnoughStoresPileUp() throws Exception {
    CacheTuning eager = CacheFixture.TESTING.withEvictionSlack(2);
    try (LuceneResponseCache cache = new LuceneResponseCache(dir, fixture.embedder, fixture.clock, eager)) {
      for (int i = 0; i < 4; i++) cache.store(key("q" + i), answer("a" + i), sized(EXACT, 1));

      while (cache.stats().entries() > 1) Thread.sleep(10);

      assertThat(cache.lookup(key("q3"), EXACT)).isPresent();
    }
  }

  @Test
  void maintenancePurgesExpiredEntries() throws Exception {
    try (LuceneResponseCache cache = fixture.open(dir)) {
      cache.store(key("short"), answer("a"), new CachePolicy(CachePolicy.Mode.EXACT, 0.9, Duration.ofMinutes(1), 10));
      cache.store(key("long"), answer("b"), EXACT);
      fixture.clock.advance(Duration.ofMinutes(2));

      cache.maintain();

      assertThat(cache.documents()).isEqualTo(1);
    }
  }

  @Test
  void clearTakesNullsAsEveryTenantOrModel() {
    try (LuceneResponseCache cache = fixture.open(dir)) {
      for (String tenant : List.of("acme", "globex")) {
        for (String model : List.of("smart", "fast")) {
          cache.store(key(tenant, model, "ctx-1", "q"), answer(tenant + model), SEMANTIC);
        }
      }

      assertThat(cache.clear("acme", "smart")).isEqualTo(1);
      assertThat(cache.clear(null, "fast")).isEqualTo(2);
      assertThat(cache.lookup(key("globex", "smart", "ctx-1", "q"), SEMANTIC)).isPresent();
      assertThat(cache.clear("globex", null)).isEqualTo(1);
      assertThat(cache.stats().entries()).isZero();
    }
  }

  @Test
  void clearingEverythingEmptiesTheCache() {
    try (LuceneResponseCache cache = fixture.open(dir)) {
      cache.store(key("acme", "smart", "ctx-1", "q"), answer("a"), SEMANTIC);
      cache.store(key("globex", "fast", "ctx-2", "q"), answer("b"), EXACT);

      assertThat(cache.clear(null, null)).isEqualTo(2);

      assertThat(cache.lookup(key("acme", "smart", "ctx-1", "q"), SEMANTIC)).isEmpty();
      assertThat(cache.stats().entries()).isZero();
    }
  }
}
