package dev.apprentice.local.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two managers on one folder, as a server and the CLI on one data directory: a delete by one that falls between the
 * other's check that the collection is there and its taking of the index's lock.
 */
class DeleteFromAnotherProcessTest {

  @TempDir
  Path dir;

  private final HashingEmbedder embedder = new HashingEmbedder();
  private Collections deleter;
  private Collections opener;

  @AfterEach
  void close() {
    if (opener != null) opener.close();
    if (deleter != null) deleter.close();
  }

  @Test
  void aCollectionDeletedJustBeforeAnotherProcessLocksItIsUnknownThereAndCanBeMadeAgain() {
    Path root = dir.resolve("collections");
    deleter = new Collections(root, () -> embedder);
    deleter.create("kb");
    AtomicBoolean once = new AtomicBoolean();
    opener = new Collections(root, () -> embedder, Clock.systemUTC(), path -> {
      if (once.compareAndSet(false, true)) deleter.delete("kb"); // between the other's check and its lock
      return FSDirectory.open(path);
    });

    assertThatThrownBy(() -> opener.describe("kb")).isInstanceOfSatisfying(CollectionException.class,
        e -> assertThat(e.reason()).isEqualTo(CollectionException.Reason.NOT_FOUND));

    assertThat(root.resolve("kb")).doesNotExist();
    assertThat(deleter.create("kb").documents()).isZero();
  }
}
