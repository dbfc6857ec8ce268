package dev.apprentice.local.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two managers on one folder, as a server and the CLI on one data directory: reading (listing, describing, querying)
 * takes no lock, so only a collection a process has written is held against the other's changes.
 */
class CollectionsBesideAnotherProcessTest {

  @TempDir Path dir;
  private final HashingEmbedder embedder = new HashingEmbedder();
  private final ManualClock clock = new ManualClock("2026-03-01T10:00:00Z");
  private Collections server;
  private Collections cli;

  @BeforeEach
  void open() {
    server = manager();
    cli = manager();
  }

  private Collections manager() {
    return new Collections(dir.resolve("collections"), () -> embedder, clock);
  }

  @AfterEach
  void close() {
    cli.close();
    server.close();
  }

  private static List<NewDocument> doc(String id, String text) {
    return List.of(new NewDocument(id, text, null, null));
  }

  private static List<String> found(Collections collections, String collection, String text) {
    return collections.query(collection, text, 10).stream().map(CollectionHit::documentId).sorted().toList();
  }

  @Test
  void collectionsAnotherProcessWritesAreListedDescribedAndQueriedWithWhatItCommitted() {
    server.create("kb");
    server.create("faq");
    server.add("kb", doc("refunds", "refunds take five days"));
    server.add("faq", doc("hours", "open from nine to five"));

    assertThat(cli.list()).extracting(CollectionInfo::name, CollectionInfo::documents)
        .containsExactly(Tuple.tuple("faq", 1L), Tuple.tuple("kb", 1L));
    assertThat(found(cli, "kb", "refunds")).containsExactly("refunds");

    server.add("kb", doc("returns", "returns are free"));
    assertThat(found(cli, "kb", "returns free")).containsExactly("refunds", "returns");
    assertThat(cli.describe("kb").documents()).isEqualTo(2);
  }

  @Test
  void listingAndQueryingHoldNothingSoAnotherProcessMayChangeTheCollectionsMeanwhile() {
    server.create("kb");
    server.add("kb", doc("refunds", "refunds take five days"));
    server.close();
    try (Collections reader = manager()) {
      assertThat(reader.list()).hasSize(1);
      assertThat(found(reader, "kb", "refunds")).containsExactly("refunds");

      cli.add("kb", doc("returns", "returns are free"));
      cli.removeDocument("kb", "refunds");
      assertThat(found(reader, "kb", "returns free")).containsExactly("returns");

      cli.delete("kb");
      assertThatThrownBy(() -> reader.describe("kb")).isInstanceOfSatisfying(CollectionException.class,
          e -> assertThat(e.reason()).isEqualTo(CollectionException.Reason.NOT_FOUND));
      assertThat(reader.list()).isEmpty();
    }
  }

  @Test
  void aCollectionAnotherProcessDeletedAndMadeAgainIsReadWithItsNewSettings() {
    server.create("kb", 400, 40);
    server.add("kb", doc("old", "the old contents"));
    server.close();
    try (Collections reader = manager()) {
      assertThat(reader.describe("kb").settings().chunkSize()).isEqualTo(400);

      cli.delete("kb");
      cli.create("kb", 300, 30);
      cli.add("kb", doc("new", "the new contents"));

      assertThat(reader.describe("kb").settings().chunkSize()).isEqualTo(300);
      assertThat(found(reader, "kb", "contents")).containsExactly("new");
      cli.close(); // its command is done: the lock its add took goes
      cli = manager();
      reader.add("kb", doc("more", "more contents"));
    }
    assertThat(found(cli, "kb", "contents")).containsExactly("more", "new");
  }

  @Test
  void writesToACollectionAnotherProcessHoldsAreRefusedAsInUseAndChangeNothing() {
    server.create("kb");
    server.add("kb", doc("refunds", "refunds take five days"));

    for (Runnable write : List.<Runnable>of(() -> cli.add("kb", doc("returns", "returns are free")),
        () -> cli.removeDocument("kb", "refunds"), () -> cli.delete("kb"))) {
      assertThatThrownBy(write::run).isInstanceOfSatisfying(CollectionException.class,
              e -> assertThat(e.reason()).isEqualTo(CollectionException.Reason.UNAVAILABLE))
          .hasMessageContaining("in use by another process").hasMessageContaining("--url");
    }
    assertThat(found(server, "kb", "refunds")).containsExactly("refunds");
    assertThat(found(cli, "kb", "refunds")).containsExactly("refunds");
  }

  @Test
  void aCollectionNotWrittenForAWhileIsGivenBackSoThatAnotherProcessMayChangeItAndTakenAgainByTheNextWrite() {
    server.create("kb");
    server.add("kb", doc("refunds", "refunds take five days"));
    clock.advance(Duration.ofSeconds(59));
    assertThat(server.releaseIdleWriters(Duration.ofMinutes(1))).isZero();
    assertThatThrownBy(() -> cli.add("kb", doc("returns", "returns are free"))).hasMessageContaining("in use");

    clock.advance(Duration.ofSeconds(1));
    assertThat(server.releaseIdleWriters(Duration.ofMinutes(1))).isOne();
    cli.add("kb", doc("returns", "returns are free"));
    assertThat(found(server, "kb", "returns free")).containsExactly("refunds", "returns");
    assertThatThrownBy(() -> server.removeDocument("kb", "refunds")).hasMessageContaining("in use");

    cli.close();
    cli = manager();
    server.removeDocument("kb", "refunds");
    assertThat(found(cli, "kb", "returns free")).containsExactly("returns");
    assertThatThrownBy(() -> cli.delete("kb")).hasMessageContaining("in use");
  }

  @Test
  @Timeout(60)
  void aWriteUnderWayKeepsItsLockHowLongAgoTheWriteBeforeItEnded() throws Exception {
    PausingDirectory.Gate gate = new PausingDirectory.Gate();
    server.close();
    server = new Collections(dir.resolve("collections"), () -> embedder, clock,
        path -> new PausingDirectory(FSDirectory.open(path), gate));
    server.create("kb");
    server.add("kb", doc("refunds", "refunds take five days"));
    clock.advance(Duration.ofMinutes(5));
    gate.arm();
    CompletableFuture<AddResult> add = CompletableFuture.supplyAsync(
        () -> server.add("kb", doc("returns", "returns are free")));
    gate.awaitPaused();
    AtomicInteger released = new AtomicInteger(-1);
    Thread releaser = Thread.ofPlatform().start(() -> released.set(server.releaseIdleWriters(Duration.ofMinutes(1))));
    while (releaser.isAlive() && releaser.getState() != Thread.State.BLOCKED) Thread.onSpinWait();
    gate.release();
    releaser.join();

    assertThat(released.get()).as("write locks given back during the write").isZero();
    assertThat(add.join().documentIds()).containsExactly("returns");
    assertThat(server.releaseIdleWriters(Duration.ofMinutes(1))).isZero();
    assertThatThrownBy(() -> cli.delete("kb")).hasMessageContaining("in use");
    assertThat(found(cli, "kb", "returns free")).containsExactly("refunds", "returns");
  }

  @Test
  @Timeout(60)
  void aQueryStartedAfterAnotherProcessAddedFindsTheAddWhileAnotherQueryIsCatchingUp() throws Exception {
    PausingDirectory.Gate gate = new PausingDirectory.Gate();
    ExecutorService threads = Executors.newCachedThreadPool();
    try (Collections reader = new Collections(dir.resolve("collections"), () -> embedder, clock,
        path -> new PausingDirectory(FSDirectory.open(path), gate))) {
      server.create("kb");
      server.add("kb", doc("refunds", "refunds take five days"));
      assertThat(found(reader, "kb", "returns free")).containsExactly("refunds");
      gate.armListing();
      CompletableFuture<List<String>> catchingUp = CompletableFuture.supplyAsync(
          () -> found(reader, "kb", "returns free"), threads);
      gate.awaitPaused(); // looking for a newer commit, before the add below

      server.add("kb", doc("returns", "returns are free"));
      CompletableFuture<List<String>> after = CompletableFuture.supplyAsync(
          () -> found(reader, "kb", "returns free"), threads);
      gate.release();

      assertThat(after.join()).as("a query started after the add").containsExactly("refunds", "returns");
      catchingUp.join();
    } finally {
      threads.shutdown();
    }
  }

  @Test
  void aCollectionAnotherProcessDeletedIsClosedHereByTheNextRoundEvenWhenNothingHereAsksForItAgain() {
    AtomicBoolean indexClosed = new AtomicBoolean();
    server.close();
    server = new Collections(dir.resolve("collections"), () -> embedder, clock,
        path -> new FilterDirectory(FSDirectory.open(path)) {
          @Override
          public void close() throws IOException {
            indexClosed.set(true);
            super.close();
          }
        });
    server.create("kb");
    server.add("kb", doc("refunds", "refunds take five days"));
    clock.advance(Duration.ofMinutes(1));
    assertThat(server.releaseIdleWriters(Duration.ofMinutes(1))).isOne();
    indexClosed.set(false); // the index made by the create closed
    cli.delete("kb");

    server.releaseIdleWriters(Duration.ofMinutes(1));
    assertThat(indexClosed).as("the index of the deleted collection, and its deleted files, closed").isTrue();
  }

  @Test
  @Timeout(60)
  void aQueryClosedUnderItAfterAnotherProcessDeletedAndMadeTheCollectionAgainIsToldItWasDeleted() throws Exception {
    PausingEmbedder pausing = new PausingEmbedder();
    try (Collections reader = new Collections(dir.resolve("collections"), () -> pausing, clock)) {
      server.create("kb");
      server.add("kb", doc("refunds", "refunds take five days"));
      CompletableFuture<List<String>> query = CompletableFuture.supplyAsync(() -> found(reader, "kb", "refunds"));
      pausing.awaitEmbedding();
      server.delete("kb");
      clock.advance(Duration.ofSeconds(1));
      server.create("kb");
      reader.releaseIdleWriters(Duration.ofMinutes(1)); // closes the collection it had open: deleted there
      pausing.goOn();

      assertThatThrownBy(query::join).cause().isInstanceOfSatisfying(CollectionException.class,
              e -> assertThat(e.reason()).isEqualTo(CollectionException.Reason.NOT_FOUND))
          .hasMessage("collection 'kb' was deleted while this call used it");
      assertThat(found(reader, "kb", "refunds")).as("the collection made again, empty").isEmpty();
    }
  }
}
