package dev.apprentice.local.cache;

import static dev.apprentice.local.cache.CacheFixture.EXACT;
import static dev.apprentice.local.cache.CacheFixture.answer;
import static dev.apprentice.local.cache.CacheFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.testing.FolderContents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the cache on disk for a report changes nothing of it, and says when its index cannot be read. */
class CacheOnDiskTest {

  @TempDir Path dir;
  private final CacheFixture fixture = new CacheFixture();

  private void keep(String... prompts) {
    try (LuceneResponseCache cache = fixture.open(dir)) {
      for (String prompt : prompts) cache.store(key(prompt), answer("A"), EXACT);
    }
  }

  private void damage() throws IOException {
    try (Stream<Path> listed = Files.list(dir)) {
      for (Path segmentInfo : listed.filter(f -> f.getFileName().toString().endsWith(".si")).toList()) {
        Files.write(segmentInfo, new byte[10]);
      }
    }
  }

  @Test
  void statsCountTheLiveEntriesOnly() {
    keep("a", "b");
    fixture.clock.advance(CacheFixture.TTL);
    keep("c");

    assertThat(CacheOnDisk.stats(dir, fixture.clock).entries()).isEqualTo(1);
  }

  @Test
  void aFolderWithoutAnIndexYetHoldsNoEntriesAndIsLeftEmpty() {
    assertThat(CacheOnDisk.stats(dir, fixture.clock).entries()).isZero();

    assertThat(FolderContents.of(dir)).isEmpty();
  }

  @Test
  void aDamagedIndexIsSaidToBeDamagedAndLeftAsItIs() throws IOException {
    keep("a");
    damage();
    Map<String, String> before = FolderContents.of(dir, "write.lock");

    assertThatThrownBy(() -> CacheOnDisk.stats(dir, fixture.clock)).isInstanceOf(UncheckedIOException.class)
        .hasMessage("the response cache cannot be read: its index (" + dir + ") is damaged or has files missing;"
            + " it is left as it is (`apprentice serve` starts it empty, and so does `apprentice cache clear`)");

    assertThat(FolderContents.of(dir, "write.lock")).isEqualTo(before);
  }

  @Test
  void anIndexANewerVersionWroteIsSaidToBeSo() throws IOException {
    keep("a");
    try (Stream<Path> listed = Files.list(dir)) {
      Path segments = listed.filter(f -> f.getFileName().toString().startsWith("segments_")).findFirst().orElseThrow();
      byte[] bytes = Files.readAllBytes(segments);
      bytes[4 + 1 + 8] = 99; // the header's format version, after its magic and its name ("segments", with its length)
      Files.write(segments, bytes);
    }

    assertThatThrownBy(() -> CacheOnDisk.stats(dir, fixture.clock)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("its index (" + dir + ") was written by a newer version of Apprentice")
        .hasMessageContaining("it is left as it is");
  }

  @Test
  void aCacheAnotherWriterHoldsIsRefusedAsInUse() {
    try (LuceneResponseCache server = fixture.open(dir)) {
      assertThatThrownBy(() -> CacheOnDisk.stats(dir, fixture.clock)).isInstanceOf(CacheInUseException.class);
    }
  }

  @Test
  void aFolderThisUserMayReadButNotWriteIsCountedWithoutTheLock() {
    keep("a", "b");

    // as Lucene's native lock fails in such a folder (it opens its lock file for writing); the tests may run as root,
    // for whom a folder's permissions change nothing
    CacheIndex.Directories readOnly = path -> FSDirectory.open(path, new LockFactory() {
      @Override
      public Lock obtainLock(Directory directory, String name) throws IOException {
        throw new AccessDeniedException(path.resolve(name).toString());
      }
    });

    assertThat(CacheOnDisk.stats(dir, fixture.clock, readOnly).entries()).isEqualTo(2);
  }
}
