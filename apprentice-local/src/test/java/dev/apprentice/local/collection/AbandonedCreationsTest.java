package dev.apprentice.local.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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

  private static Path lastListed(Path root) throws Exception {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      Path last = null;
      for (Path entry : entries) last = entry;
      return last;
    }
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
  void anEntryWhoseAgeCannotBeReadIsLeftAndTheOthersAreStillRemoved() throws Exception {
    Path root = dir.resolve("collections");
    Files.createDirectories(root);
    Path loop = Files.createSymbolicLink(root.resolve(".creating-loop"), Path.of(".creating-loop"));
    List<Path> crashed = new ArrayList<>();
    while (crashed.size() < 2 || lastListed(root).equals(loop)) { // some listed after it, wherever the folder puts it
      crashed.add(creationChangedAt(root, "kb", NOW.minus(Duration.ofDays(2))));
    }

    try (Collections collections = new Collections(root, () -> embedder, Clock.fixed(NOW, ZoneOffset.UTC))) {
      assertThat(crashed).allSatisfy(path -> assertThat(path).doesNotExist());
      assertThat(loop).isSymbolicLink();
    }
  }

  @Test
  void aLinkLeftAsACreationIsRemovedWithoutWhatItPointsTo() throws Exception {
    Path root = dir.resolve("collections");
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("kept.txt"), "mine");
    Files.setLastModifiedTime(outside, FileTime.from(NOW.minus(Duration.ofDays(2))));
    Path staging = creationChangedAt(root, "kb", NOW.minus(Duration.ofDays(2)));
    Files.createSymbolicLink(staging.resolve("index").resolve("elsewhere"), outside);
    Path link = Files.createSymbolicLink(root.resolve(".creating-kb-link"), outside);
    FileTime old = FileTime.from(NOW.minus(Duration.ofDays(2)));
    Files.getFileAttributeView(link, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(old, old, old);

    try (Collections collections = new Collections(root, () -> embedder, Clock.fixed(NOW, ZoneOffset.UTC))) {
      assertThat(staging).doesNotExist();
      assertThat(link).doesNotExist();
      assertThat(outside.resolve("kept.txt")).hasContent("mine");
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
