package dev.apprentice.local.cache;

import static dev.apprentice.local.cache.CacheFixture.EXACT;
import static dev.apprentice.local.cache.CacheFixture.SEMANTIC;
import static dev.apprentice.local.cache.CacheFixture.answer;
import static dev.apprentice.local.cache.CacheFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An answer stored by meaning whose prompt the cache no longer remembers embedding must be embedded on the cache's
 * writer. Behind a long queue at the model that wait is bounded: past it the answer is kept for exact matches only,
 * and the writer goes on to the next answer instead of backing up.
 */
class StoreBehindABusyModelTest {

  @TempDir Path dir;

  @Test
  @Timeout(30) // without the bound the store waits for ever
  void anAnswerWhosePromptTheBusyModelCannotEmbedInTimeIsKeptForExactMatchesOnly() {
    CompletableFuture<List<Embedding>> never = new CompletableFuture<>();
    try (LuceneResponseCache cache = new LuceneResponseCache(dir, new Queued(never), Clock.systemUTC(),
        CacheFixture.TESTING.withStoreEmbedWait(Duration.ofMillis(200)))) {

      cache.store(key("where is my card?"), answer("On its way."), SEMANTIC);

      assertThat(never).as("the wait gave the texts up").isCancelled();
      assertThat(cache.lookup(key("where is my card?"), EXACT)).as("kept for exact matches").isPresent();
      assertThat(cache.stats().entries()).isEqualTo(1);
    }
  }

  /** A model whose queue never gets to this cache's texts. */
  private record Queued(CompletableFuture<List<Embedding>> answer) implements Embedder {

    @Override
    public String model() {
      return "busy";
    }

    @Override
    public int dimensions() {
      return FakeEmbedder.DIMENSIONS;
    }

    @Override
    public int maxTokens() {
      return 256;
    }

    @Override
    public List<Embedding> embed(List<String> texts) {
      return answer.join();
    }

    @Override
    public CompletableFuture<List<Embedding>> submit(List<String> texts) {
      return answer;
    }
  }
}
