package dev.apprentice.local.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.testing.ManualClock;
import java.time.Duration;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Deleting a collection while another call writes to it: the delete waits for the write, then succeeds. */
class DeleteDuringWriteTest {

  @TempDir
  Path dir;

  private final PausingDirectory.Gate gate = new PausingDirectory.Gate();
  private Collections collections;

  @AfterEach
  void close() {
    gate.release();
    if (collections != null) collections.close();
  }

  @Test
  @Timeout(60)
  void anAddWhoseCollectionWasDeletedAndMadeAgainWhileItEmbeddedIsToldItWasDeletedNotThatAFailureClosedIt() throws Exception {
    PausingEmbedder embedder = new PausingEmbedder();
    ManualClock clock = new ManualClock("2026-03-01T10:00:00Z");
    collections = new Collections(dir.resolve("collections"), () -> embedder, clock);
    collections.create("kb");
    CompletableFuture<AddResult> add = CompletableFuture.supplyAsync(
        () -> collections.add("kb", List.of(new NewDocument("a", "some text", null, null))));
    embedder.awaitEmbedding();
    collections.delete("kb");
    clock.advance(Duration.ofSeconds(1));
    collections.create("kb");
    embedder.goOn();

    assertThatThrownBy(add::join).cause().isInstanceOfSatisfying(CollectionException.class,
            e -> assertThat(e.reason()).isEqualTo(CollectionException.Reason.NOT_FOUND))
        .hasMessage("collection 'kb' was deleted while this call used it");
    assertThat(collections.describe("kb").documents()).isZero();
  }

  @Test
  @Timeout(60)
  void aCollectionDeletedWhileAnAddCommitsIsDeletedOnceTheAddIsDoneAndNeitherFails() throws Exception {
    HashingEmbedder embedder = new HashingEmbedder();
    collections = new Collections(dir.resolve("collections"), () -> embedder, Clock.systemUTC(),
        path -> new PausingDirectory(FSDirectory.open(path), gate));
    collections.create("kb");
    gate.arm();
    CompletableFuture<AddResult> add = CompletableFuture.supplyAsync(
        () -> collections.add("kb", List.of(new NewDocument("a", "some text", null, null))));
    gate.awaitPaused();

    AtomicReference<Throwable> deleteFailure = new AtomicReference<>();
    Thread deleter = Thread.ofPlatform().start(() -> {
      try {
        collections.delete("kb");
      } catch (Throwable e) {
        deleteFailure.set(e);
      }
    });
    while (deleter.isAlive() && deleter.getState() != Thread.State.BLOCKED) Thread.onSpinWait();
    gate.release();
    deleter.join();

    assertThat(deleteFailure.get()).as("the delete").isNull();
    assertThat(add.join().documentIds()).containsExactly("a");
    assertThat(dir.resolve("collections/kb")).doesNotExist();
    assertThat(collections.list()).isEmpty();
    collections.create("kb");
    assertThat(collections.describe("kb").documents()).isZero();
  }
}
