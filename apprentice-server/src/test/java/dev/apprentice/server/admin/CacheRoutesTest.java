package dev.apprentice.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.cache.CacheHit;
import dev.apprentice.api.cache.CacheKey;
import dev.apprentice.api.cache.CachePolicy;
import dev.apprentice.api.cache.CacheStats;
import dev.apprentice.api.cache.CachedAnswer;
import dev.apprentice.api.cache.ResponseCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheRoutesTest {

  private static final String WHY = "cannot clear the response cache: a failure closed its index (/data/cache/_1.fdm:"
      + " No space left on device); it is opened again within 5 s: retry then";

  private static final String UNCOUNTED = "cannot count the response cache's entries: a failure closed its index"
      + " (/data/cache/_1.fdm: No space left on device); it is opened again within 5 s: retry then";

  /** A cache whose index a failure closed: counting and clearing its entries fail, saying why and what to do. */
  private static final ResponseCache CLOSED_BY_A_FAILURE = new ResponseCache() {
    @Override
    public Optional<CacheHit> lookup(CacheKey key, CachePolicy policy) {
      return Optional.empty();
    }

    @Override
    public void store(CacheKey key, CachedAnswer answer, CachePolicy policy) {}

    @Override
    public CacheStats stats() {
      throw new UncheckedIOException(UNCOUNTED, new IOException("No space left on device"));
    }

    @Override
    public long clear(String tenant, String model) {
      throw new UncheckedIOException(WHY, new IOException("No space left on device"));
    }

    @Override
    public void close() {}
  };

  @Test
  void aCacheThatCannotBeClearedIsRefusedInItsOwnWordsNotAsABareInternalError() {
    assertThatThrownBy(() -> CacheRoutes.removed(CLOSED_BY_A_FAILURE, null, "smart"))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
        .hasMessage(WHY);
  }

  @Test
  void aCacheWhoseEntriesCannotBeCountedIsAnsweredInItsOwnWordsNeverAsEmpty() {
    assertThatThrownBy(() -> CacheRoutes.stats(CLOSED_BY_A_FAILURE))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
        .hasMessage(UNCOUNTED);
  }
}
