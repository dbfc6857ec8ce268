package dev.apprentice.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.cache.CacheKey;
import dev.apprentice.api.cache.CachePolicy;
import dev.apprentice.api.cache.CachedAnswer;
import dev.apprentice.local.cache.LuceneResponseCache;
import dev.apprentice.testing.FolderContents;
import dev.apprentice.testing.WordHashEmbedder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheCommandTest {

  @TempDir Path dataDir;

  private static final CachePolicy EXACT = new CachePolicy(CachePolicy.Mode.EXACT, 0.9, Duration.ofHours(1), 100);

  private void keep(String tenant, String model, String exact) {
    try (LuceneResponseCache cache = new LuceneResponseCache(dataDir.resolve("cache"), new WordHashEmbedder(),
        Clock.systemUTC())) {
      cache.store(new CacheKey(tenant, model, exact, "ctx", "prompt " + exact), new CachedAnswer("{}", 0.01), EXACT);
    }
  }

  @Test
  void statsCountTheEntriesOfTheDataDirectorysCacheAndClearRemovesAModelsEntries() {
    keep("acme", "smart", "a");
    keep("acme", "smart", "b");
    keep("acme", "cheap", "c");

    Cli.Run stats = Cli.run("cache", "stats", "--data-dir", dataDir.toString());
    assertThat(stats.exit()).isZero();
    assertThat(stats.out()).contains("entries        3");

    Cli.Run cleared = Cli.run("cache", "clear", "--model", "smart", "--data-dir", dataDir.toString());
    assertThat(cleared.exit()).isZero();
    assertThat(cleared.out()).contains("removed 2 entries");
    assertThat(Cli.run("cache", "stats", "--json", "--data-dir", dataDir.toString()).out()).contains("\"entries\" : 1");
  }

  @Test
  void clearingOneEntrySaysEntryInTheSingular() {
    keep("acme", "smart", "a");

    Cli.Run cleared = Cli.run("cache", "clear", "--data-dir", dataDir.toString());

    assertThat(cleared.exit()).isZero();
    assertThat(cleared.out().strip()).isEqualTo("removed 1 entry");
  }

  @Test
  void aDataDirectoryWithoutACacheReportsAnEmptyCacheAndCreatesNone() {
    Cli.Run stats = Cli.run("cache", "stats", "--data-dir", dataDir.toString());
    assertThat(stats.exit()).isZero();
    assertThat(stats.out()).contains("entries        0").contains("misses         0");
    Cli.Run cleared = Cli.run("cache", "clear", "--data-dir", dataDir.toString());
    assertThat(cleared.exit()).isZero();
    assertThat(cleared.out()).contains("removed 0 entries");
    assertThat(dataDir.resolve("cache")).doesNotExist();
  }

  @Test
  void statsOfADamagedCacheSayItIsDamagedAndLeaveItAsItIsWhileClearStartsItEmpty() throws IOException {
    keep("acme", "smart", "a");
    try (Stream<Path> listed = Files.list(dataDir.resolve("cache"))) {
      for (Path segmentInfo : listed.filter(f -> f.getFileName().toString().endsWith(".si")).toList()) {
        Files.write(segmentInfo, new byte[10]);
      }
    }
    Map<String, String> damaged = FolderContents.of(dataDir.resolve("cache"), "write.lock");

    Cli.Run stats = Cli.run("cache", "stats", "--data-dir", dataDir.toString());

    assertThat(stats.exit()).isEqualTo(1);
    assertThat(stats.err()).contains("the response cache cannot be read: its index (" + dataDir.resolve("cache")
        + ") is damaged or has files missing; it is left as it is");
    assertThat(stats.out()).doesNotContain("entries");
    assertThat(FolderContents.of(dataDir.resolve("cache"), "write.lock")).isEqualTo(damaged);

    Cli.Run cleared = Cli.run("cache", "clear", "--data-dir", dataDir.toString());
    assertThat(cleared.exit()).isZero();
    assertThat(Cli.run("cache", "stats", "--data-dir", dataDir.toString()).out()).contains("entries        0");
  }

  @Test
  void aCacheARunningServerHoldsIsRefusedWithTheCauseAndTheWayThroughTheServer() {
    keep("acme", "smart", "a");
    try (LuceneResponseCache server = new LuceneResponseCache(dataDir.resolve("cache"), new WordHashEmbedder(),
        Clock.systemUTC())) {
      Cli.Run stats = Cli.run("cache", "stats", "--data-dir", dataDir.toString());

      assertThat(stats.exit()).isEqualTo(1);
      assertThat(stats.err()).contains("in use by another apprentice process")
          .contains("(a server running on this data directory?)").contains("--url http://HOST:PORT");
    }
  }
}
