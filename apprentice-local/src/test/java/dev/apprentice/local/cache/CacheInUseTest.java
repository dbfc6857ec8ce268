package dev.apprentice.local.cache;

import static dev.apprentice.local.cache.CacheFixture.EXACT;
import static dev.apprentice.local.cache.CacheFixture.answer;
import static dev.apprentice.local.cache.CacheFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheInUseTest {

  @TempDir Path dir;
  private final CacheFixture fixture = new CacheFixture();

  @Test
  void aCacheAnotherProcessHoldsIsRefusedWithTheCauseAndWhatToDo() {
    try (LuceneResponseCache server = fixture.open(dir)) {
      assertThatThrownBy(() -> fixture.open(dir)).isInstanceOf(CacheInUseException.class)
          .hasMessageContaining("the response cache in " + dir)
          .hasMessageContaining("in use by another apprentice process (a server running on this data directory?)")
          .hasMessageContaining("--data-dir").hasMessageContaining("--url")
          .hasCauseInstanceOf(LockObtainFailedException.class);
    }
  }

  /** {@code cache stats} holds the writer's lock while it reads: a server starting meanwhile waits, not fails. */
  @Test
  void aCacheAReportHoldsForAMomentIsOpenedOnceTheReportLetsGo() throws IOException {
    try (LuceneResponseCache cache = fixture.open(dir)) {
      cache.store(key("q"), answer("A"), EXACT);
    }
    Directory reportsFiles = FSDirectory.open(dir);
    Lock report = reportsFiles.obtainLock(IndexWriter.WRITE_LOCK_NAME);
    CacheIndex.Directories reportEndsOnceRefused = path -> new FilterDirectory(FSDirectory.open(path)) {
      @Override
      public Lock obtainLock(String name) throws IOException {
        try {
          return super.obtainLock(name);
        } catch (LockObtainFailedException held) {
          report.close();
          reportsFiles.close();
          throw held;
        }
      }
    };

    try (LuceneResponseCache server = new LuceneResponseCache(dir, fixture.embedder, fixture.clock,
        CacheFixture.TESTING, reportEndsOnceRefused)) {
      assertThat(server.stats().entries()).isEqualTo(1);
    }
  }
}
