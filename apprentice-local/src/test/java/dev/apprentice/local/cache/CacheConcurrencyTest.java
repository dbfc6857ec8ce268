package dev.apprentice.local.cache;

import static dev.apprentice.local.cache.CacheFixture.SEMANTIC;
import static dev.apprentice.local.cache.CacheFixture.answer;
import static dev.apprentice.local.cache.CacheFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.cache.CacheHit;
import dev.apprentice.api.cache.CacheStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class CacheConcurrencyTest {

  private static final int THREADS = 8;
  private static final int KEYS_PER_THREAD = 80;

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void concurrentStoresAndLookupsNeverMixUpAnswers() throws Exception {
    CacheFixture fixture = new CacheFixture();
    List<String> wrong = new CopyOnWriteArrayList<>();
    try (LuceneResponseCache cache = fixture.open(dir);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        workers.add(pool.submit(() -> {
          start.await();
          Random random = new Random(thread);
          int lookups = 0;
          for (int i = 0; i < KEYS_PER_THREAD; i++) {
            cache.store(key(prompt(thread, i)), answer(prompt(thread, i)), SEMANTIC);
            Optional<CacheHit> own = cache.lookup(key(prompt(thread, i)), SEMANTIC);
            check(own, prompt(thread, i), true, wrong);
            if (own.isPresent() && own.get().tier() != CacheHit.Tier.EXACT) {
              wrong.add(prompt(thread, i) + ": found semantically right after it was stored, not exactly");
            }
            // A lookup of another thread's prompt may race its store (the exact tier misses, the semantic search
            // then finds the new entry): a semantic hit is fine there, as long as it is the right answer.
            String other = prompt(random.nextInt(THREADS), random.nextInt(KEYS_PER_THREAD));
            check(cache.lookup(key(other), SEMANTIC), other, false, wrong);
            lookups += 2;
          }
          return lookups;
        }));
      }
      start.countDown();
      long lookups = 0;
      for (Future<Integer> worker : workers) lookups += worker.get(100, TimeUnit.SECONDS);

      assertThat(wrong).isEmpty();
      for (int t = 0; t < THREADS; t++) {
        for (int i = 0; i < KEYS_PER_THREAD; i++) {
          Optional<CacheHit> hit = cache.lookup(key(prompt(t, i)), SEMANTIC);
          check(hit, prompt(t, i), true, wrong);
          if (hit.isPresent() && hit.get().tier() != CacheHit.Tier.EXACT) wrong.add(prompt(t, i) + ": not found exactly");
        }
      }
      assertThat(wrong).isEmpty();
      CacheStats stats = cache.stats();
      assertThat(stats.entries()).isEqualTo(THREADS * KEYS_PER_THREAD);
      assertThat(stats.exactHits() + stats.semanticHits() + stats.misses()).isEqualTo(lookups + THREADS * KEYS_PER_THREAD);
    }
  }

  private static String prompt(int thread, int i) {
    return "question " + i + " from thread " + thread;
  }

  private static void check(Optional<CacheHit> hit, String prompt, boolean mustHit, List<String> wrong) {
    if (hit.isEmpty()) {
      if (mustHit) wrong.add(prompt + ": missed right after it was stored");
    } else if (!hit.get().response().equals(answer(prompt).response())) {
      wrong.add(prompt + ": answered with " + hit.get().response());
    }
  }
}
