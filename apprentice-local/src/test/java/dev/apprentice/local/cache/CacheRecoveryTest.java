package dev.apprentice.local.cache;

import static dev.apprentice.local.cache.CacheFixture.EXACT;
import static dev.apprentice.local.cache.CacheFixture.answer;
import static dev.apprentice.local.cache.CacheFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.local.collection.FaultyDirectory;
import dev.apprentice.testing.LogCapture;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that fails (a full disk) makes Lucene close the cache's writer: the cache opens its index again from the
 * last commit, at most every few seconds, and goes on keeping answers once the disk has room again.
 */
class CacheRecoveryTest {

  @TempDir Path dir;
  private final CacheFixture fixture = new CacheFixture();
  private final FaultyDirectory.Faults faults = new FaultyDirectory.Faults();

  private LuceneResponseCache open(CacheTuning tuning) {
    return new LuceneResponseCache(dir, fixture.embedder, fixture.clock, tuning,
        path -> new FaultyDirectory(FSDirectory.open(path), faults));
  }

  /** Fails a store while the disk is full, which closes the writer. */
  private void storeOnAFullDisk(LuceneResponseCache cache, String prompt) {
    faults.failWrites();
    assertThatCode(() -> cache.store(key(prompt), answer("lost"), EXACT)).doesNotThrowAnyException();
    faults.heal();
  }

  @Test
  void aStoreAfterTheDiskHasRoomAgainIsFoundByLookup() {
    try (LuceneResponseCache cache = open(CacheFixture.TESTING)) {
      storeOnAFullDisk(cache, "while full");

      cache.store(key("after"), answer("A"), EXACT);

      assertThat(cache.lookup(key("after"), EXACT)).isPresent();
      assertThat(cache.lookup(key("while full"), EXACT)).isEmpty();
    }
  }

  @Test
  void anIndexOpenedAgainAfterAFailureSaysWhatFailedWithoutJavaClassNames() {
    try (LogCapture log = CacheFixture.complaints(); LuceneResponseCache cache = open(CacheFixture.TESTING)) {
      storeOnAFullDisk(cache, "while full");

      cache.store(key("after"), answer("A"), EXACT);

      assertThat(log.warnings()).filteredOn(w -> w.contains("opened it again")).singleElement().asString()
          .matches("the response cache at .* was closed by a failure \\(injected fault: cannot write [^ ]+\\); "
              + "opened it again from its last commit");
    }
  }

  @Test
  void aBrokenIndexIsOpenedAgainAtMostEveryFewSeconds() {
    try (LuceneResponseCache cache = open(CacheFixture.TESTING)) {
      storeOnAFullDisk(cache, "first failure");
      cache.store(key("reopened"), answer("A"), EXACT);
      storeOnAFullDisk(cache, "second failure");

      cache.store(key("too soon"), answer("B"), EXACT);
      assertThat(cache.lookup(key("too soon"), EXACT)).isEmpty();

      fixture.clock.advance(CacheIndex.REOPEN_GAP);
      cache.store(key("later"), answer("C"), EXACT);
      assertThat(cache.lookup(key("later"), EXACT)).isPresent();
    }
  }

  @Test
  @Timeout(60)
  void theBackgroundRefreshOutlivesAFailureAndShowsTheStoresMadeAfterIt() throws Exception {
    try (LuceneResponseCache cache = open(CacheFixture.TESTING.withRefreshInterval(Duration.ofMillis(20)))) {
      storeOnAFullDisk(cache, "while full");
      Thread.sleep(100); // refreshes meet the closed writer meanwhile

      cache.store(key("after"), answer("A"), EXACT);

      while (cache.lookup(key("after"), EXACT).isEmpty()) Thread.sleep(5);
    }
  }

  @Test
  @Timeout(60)
  void aRefreshThatMeetsAFullDiskDoesNotStopTheRefreshes() throws Exception {
    try (LuceneResponseCache cache = open(CacheFixture.TESTING.withRefreshInterval(Duration.ofMillis(200)))) {
      cache.store(key("unflushed"), answer("A"), EXACT);
      faults.failWrites(); // the next refresh flushes that store, and fails
      Thread.sleep(600);
      faults.heal();

      cache.store(key("after"), answer("B"), EXACT);

      while (cache.lookup(key("after"), EXACT).isEmpty()) Thread.sleep(5);
    }
  }

  @Test
  void clearingABrokenIndexFailsAsAnIoErrorAndWorksOnceItIsOpenedAgain() {
    try (LuceneResponseCache cache = open(CacheFixture.TESTING)) {
      storeOnAFullDisk(cache, "first failure");
      cache.store(key("kept"), answer("A"), EXACT);
      storeOnAFullDisk(cache, "second failure");

      assertThatThrownBy(() -> cache.clear(null, null)).isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("cannot clear the response cache").hasMessageContaining("retry");

      fixture.clock.advance(CacheIndex.REOPEN_GAP);
      cache.store(key("new"), answer("B"), EXACT);
      assertThat(cache.clear(null, null)).isEqualTo(1);
      assertThat(cache.lookup(key("new"), EXACT)).isEmpty();
    }
  }
}
