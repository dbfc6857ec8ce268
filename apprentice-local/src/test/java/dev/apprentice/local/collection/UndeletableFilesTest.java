package dev.apprentice.local.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collection's folder that cannot be walked through to its end while it is removed (a sub-folder that cannot be
 * listed): the collection is deleted whole all the same, and the user is told where its files were left, in words.
 */
class UndeletableFilesTest {

  @TempDir Path dir;
  private final HashingEmbedder embedder = new HashingEmbedder();

  /** Folders whose listing fails part-way, unchecked, as {@link Files#walk} does on a folder it may not read. */
  private static CollectionFiles unlistable() {
    return new CollectionFiles(folder -> Stream.concat(Stream.of(folder),
        Stream.of(folder.resolve("index")).map(index -> {
          throw new UncheckedIOException(new AccessDeniedException(index.toString()));
        })), Files::move);
  }

  /** Folders that cannot be renamed, as on a file system that refuses it while a file in them is open. */
  private static CollectionFiles immovable() {
    return new CollectionFiles(Files::walk, (from, to) -> {
      throw new FileSystemException(from.toString(), to.toString(), "Device or resource busy");
    });
  }

  @Test
  void aCollectionWhoseFolderCannotBeMovedAsideIsKeptWholeAndTheRefusalSaysWhyInWords() {
    Path root = dir.resolve("collections");
    try (Collections collections = new Collections(root, () -> embedder, Clock.systemUTC(), immovable())) {
      collections.create("kb");
      collections.add("kb", List.of(new NewDocument("refunds", "refunds take five days", null, null)));

      assertThatThrownBy(() -> collections.delete("kb")).isInstanceOfSatisfying(CollectionException.class,
              e -> assertThat(e.reason()).isEqualTo(CollectionException.Reason.UNAVAILABLE))
          .hasMessage("cannot delete collection 'kb': " + root.resolve("kb") + ": Device or resource busy");
      assertThat(collections.query("kb", "refunds", 3)).extracting(CollectionHit::documentId)
          .containsExactly("refunds");
    }
  }

  @Test
  @Timeout(60)
  void aQueryUnderWayWhenADeleteCannotMoveTheFolderIsToldToRetryNotThatTheCollectionWasDeleted() throws Exception {
    PausingEmbedder pausing = new PausingEmbedder();
    Path root = dir.resolve("collections");
    try (Collections collections = new Collections(root, () -> pausing, Clock.systemUTC(), immovable())) {
      collections.create("kb");
      CompletableFuture<List<CollectionHit>> query =
          CompletableFuture.supplyAsync(() -> collections.query("kb", "refunds", 3));
      pausing.awaitEmbedding();
      assertThatThrownBy(() -> collections.delete("kb")).isInstanceOf(CollectionException.class)
          .hasMessageStartingWith("cannot delete collection 'kb': ");
      pausing.goOn();

      assertThatThrownBy(query::join).cause().isInstanceOfSatisfying(CollectionException.class,
              e -> assertThat(e.reason()).isEqualTo(CollectionException.Reason.UNAVAILABLE))
          .hasMessage("collection 'kb' was closed by a failure and is being opened again: retry");
      collections.add("kb", List.of(new NewDocument("refunds", "refunds take five days", null, null)));
      assertThat(collections.query("kb", "refunds", 3)).extracting(CollectionHit::documentId)
          .containsExactly("refunds");
    }
  }

  @Test
  void aFolderAnotherProcessRemovesWhileThisOneWalksItIsDeletedWithNothingLeftToSay() throws Exception {
    Path doomed = Files.createDirectories(dir.resolve(".deleted-kb-1/index"));
    Files.writeString(doomed.resolve("segments_1"), "commit");
    CollectionFiles raced = new CollectionFiles(folder -> Stream.concat(Stream.of(folder),
        Stream.of(folder.resolve("index")).map(index -> {
          CollectionFiles.ON_DISK.deleteTree(folder); // the other process, cleaning up as it starts
          throw new UncheckedIOException(new NoSuchFileException(index.toString()));
        })), Files::move);

    assertThat(raced.deleteTree(dir.resolve(".deleted-kb-1"))).isEmpty();
    assertThat(dir.resolve(".deleted-kb-1")).doesNotExist();
  }

  @Test
  void aCollectionWhoseFilesCannotAllBeRemovedIsDeletedAndTheRefusalSaysWhereTheyAreWithoutClassNames() {
    Path root = dir.resolve("collections");
    try (Collections collections = new Collections(root, () -> embedder, Clock.systemUTC(), unlistable())) {
      collections.create("kb");
      collections.add("kb", List.of(new NewDocument("refunds", "refunds take five days", null, null)));

      assertThatThrownBy(() -> collections.delete("kb")).isInstanceOfSatisfying(CollectionException.class,
              e -> assertThat(e.reason()).isEqualTo(CollectionException.Reason.UNAVAILABLE))
          .hasMessageStartingWith("collection 'kb' is deleted, but not all of its files could be removed from "
              + root.resolve(".deleted-kb-"))
          .hasMessageContaining("(permission denied on " + root.resolve(".deleted-kb-"))
          .hasMessageEndingWith("remove that folder by hand, or leave it to the next server start or collections"
              + " command on this data directory")
          .message().doesNotContain("Exception", "java.");
      assertThat(collections.list()).isEmpty();
      assertThat(collections.create("kb").documents()).as("made again, empty").isZero();
    }

    try (Collections next = new Collections(root, () -> embedder)) {
      assertThat(root.toFile().list()).as("the leftover removed by the next to open the folder")
          .containsExactly("kb");
    }
  }

  @Test
  void leftoversThatCannotBeRemovedDoNotStopTheCollectionsOpening() throws Exception {
    Path root = dir.resolve("collections");
    Files.createDirectories(root.resolve(".deleted-kb-1/index"));

    try (Collections collections = new Collections(root, () -> embedder, Clock.systemUTC(), unlistable())) {
      assertThat(collections.create("kb").documents()).isZero();
    }
    assertThat(root.resolve(".deleted-kb-1")).exists();
  }
}
