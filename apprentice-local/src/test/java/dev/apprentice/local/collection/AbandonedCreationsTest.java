package dev.apprentice.local.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folders collections are made in before they are moved in place: one a crashed create left is removed by the
 * next to open the collections folder, one another process may still be making a collection in is left to it.
 */
class AbandonedCreationsTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  @TempDir Path dir;
  private final HashingEmbedder embedder = new HashingEmbedder();

  private static Path creationChangedAt(Path root, String name, Instant changed) throws Exception {
    Path staging = CollectionFiles.staging(root, name);
    Files.createDirectories(staging.resolve("index"));
    Files.writeString(staging.resolve(CollectionSettings.FILE), "{}");
    Files.setLastModifiedTime(staging, FileTime.from(changed));
    return staging;
  }

  @Test
  void aCreationLeftByACrashIsRemovedAndOneThatMayStillBeUnderWayIsNot() throws Exception {
    Path root = dir.resolve("collections");
    Path crashed = creationChangedAt(root, "kb", NOW.minus(CollectionFiles.ABANDONED_AFTER).minusSeconds(1));
    Path underWay = creationChangedAt(root, "kb", NOW.minus(Duration.ofMinutes(1)));

    try (Collections collections = new Collections(root, () -> embedder, Clock.fixed(NOW, ZoneOffset.UTC))) {
      assertThat(crashed).doesNotExist();
      assertThat(underWay).exists();
      assertThat(collections.list()).isEmpty();
      assertThat(collections.create("kb").documents()).isZero();
    }
  }

  @Test
  void collectionsOpenedReadOnlyRemoveNothing() throws Exception {
    Path root = dir.resolve("collections");
    Path crashed = creationChangedAt(root, "kb", NOW.minus(Duration.ofDays(2)));

    try (Collections collections = Collections.readOnly(root, () -> embedder, Clock.fixed(NOW, ZoneOffset.UTC))) {
      assertThat(collections.list()).isEmpty();
    }
    assertThat(crashed).exists();
  }
}
