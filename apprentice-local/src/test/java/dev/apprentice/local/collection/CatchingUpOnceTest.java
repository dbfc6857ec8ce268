package dev.apprentice.local.collection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.Deadline;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collection held by no one here (only read, or its write lock given back) looks for another process's commits
 * once per call: a gateway call reads its revision (for the cache's key) and then queries it, an admin query describes
 * it first; the query sees what that look saw, which holds every commit made before the call began.
 */
class CatchingUpOnceTest {

  @TempDir Path dir;
  private final HashingEmbedder embedder = new HashingEmbedder();
  private final ManualClock clock = new ManualClock("2026-03-01T10:00:00Z");
  /** Reads of the index's commit file (segments_N): one per look for a newer commit, when there is none. */
  private final AtomicInteger commitReads = new AtomicInteger();
  private Collections server;
  private Collections other;

  @BeforeEach
  void open() {
    server = new Collections(dir.resolve("collections"), () -> embedder, clock,
        path -> new FilterDirectory(FSDirectory.open(path)) {
          @Override
          public IndexInput openInput(String name, IOContext context) throws IOException {
            if (name.startsWith("segments")) commitReads.incrementAndGet();
            return super.openInput(name, context);
          }
        });
    other = new Collections(dir.resolve("collections"), () -> embedder, clock);
  }

  @AfterEach
  void close() {
    other.close();
    server.close();
  }

  private static List<NewDocument> doc(String id, String text) {
    return List.of(new NewDocument(id, text, null, null));
  }

  private void writtenAndGivenBack() {
    server.create("kb");
    server.add("kb", doc("refunds", "refunds take five days"));
    clock.advance(Duration.ofMinutes(1));
    assertThat(server.releaseIdleWriters(Duration.ofMinutes(1))).isOne();
  }

  @Test
  void aCallThatReadTheRevisionOfACollectionGivenBackLooksForNewerCommitsOnceNotAgainForItsQuery() {
    writtenAndGivenBack();
    LocalRetriever retriever = new LocalRetriever(server);
    long callStart = System.nanoTime();
    commitReads.set(0);

    retriever.revision("kb");
    List<RetrievedChunk> found = retriever.retrieve("kb", "refunds", 3, Deadline.NONE, callStart);

    assertThat(found).extracting(RetrievedChunk::documentId).containsExactly("refunds");
    assertThat(commitReads).as("looks for another process's commits").hasValue(1);
  }

  @Test
  void aQueryAfterADescribeOfTheSameCallLooksForNewerCommitsOnce() {
    writtenAndGivenBack();
    long callStart = System.nanoTime();
    commitReads.set(0);

    server.describe("kb");
    server.query("kb", "refunds", 3, Deadline.NONE, callStart);

    assertThat(commitReads).as("looks for another process's commits").hasValue(1);
  }

  @Test
  void aCallStillSeesWhatAnotherProcessAddedBeforeItBeganThoughTheCollectionWasLookedAtJustBefore() {
    writtenAndGivenBack();
    server.revision("kb"); // an earlier call's look
    other.add("kb", doc("returns", "returns are free"));
    long callStart = System.nanoTime();

    String revision = server.revision("kb");
    List<CollectionHit> found = server.query("kb", "returns free", 3, Deadline.NONE, callStart);

    assertThat(found).extracting(CollectionHit::documentId).containsExactlyInAnyOrder("refunds", "returns");
    assertThat(revision).isEqualTo(other.revision("kb"));
  }

  @Test
  void aQueryAfterTheRevisionOfTheSameCallAnswersFromWhatThatRevisionNamedThoughAnotherProcessMadeTheCollectionAgain() {
    writtenAndGivenBack();
    long callStart = System.nanoTime();
    String revision = server.revision("kb");

    other.delete("kb"); // after the call began: its settings file is not read again, as its index is not looked at
    other.create("kb");
    List<CollectionHit> found = server.query("kb", "refunds", 3, Deadline.NONE, callStart);

    assertThat(found).as("the contents the call's revision named").extracting(CollectionHit::documentId)
        .containsExactly("refunds");
    assertThat(server.revision("kb")).as("the next call sees the collection made again").isNotEqualTo(revision);
    assertThat(server.query("kb", "refunds", 3)).isEmpty();
  }

  @Test
  void eachCallOnItsOwnStillLooksForNewerCommits() {
    writtenAndGivenBack();
    server.query("kb", "refunds", 3);
    commitReads.set(0);

    server.query("kb", "refunds", 3);
    other.add("kb", doc("returns", "returns are free"));
    List<CollectionHit> found = server.query("kb", "returns free", 3);

    assertThat(found).extracting(CollectionHit::documentId).containsExactlyInAnyOrder("refunds", "returns");
    assertThat(commitReads.get()).as("a look per call (the second found a new commit)").isGreaterThanOrEqualTo(2);
  }
}
