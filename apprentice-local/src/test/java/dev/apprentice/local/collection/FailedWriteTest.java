package dev.apprentice.local.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adds and removals that fail on disk: nothing of them stays, and the collection works again on the next call. */
class FailedWriteTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;
  private final HashingEmbedder embedder = new HashingEmbedder();
  private final FaultyDirectory.Faults faults = new FaultyDirectory.Faults();
  private Collections collections;

  private Collections open(boolean faulty) {
    if (collections != null) collections.close();
    collections = faulty
        ? new Collections(dir, () -> embedder, Clock.fixed(NOW, ZoneOffset.UTC),
            path -> new FaultyDirectory(FSDirectory.open(path), faults))
        : new Collections(dir, () -> embedder, Clock.fixed(NOW, ZoneOffset.UTC));
    return collections;
  }

  @AfterEach
  void close() {
    if (collections != null) collections.close();
  }

  private void add(String id) {
    collections.add("faq", List.of(new NewDocument(id, "the text of document " + id, null, null)));
  }

  private List<String> documents() {
    return collections.query("faq", "document", 10).stream().map(CollectionHit::documentId).sorted().toList();
  }

  @Test
  void anAddWhoseCommitFailsIsRolledBackAndNotCommittedByTheNextAdd() {
    open(true).create("faq");
    add("a");
    faults.failSyncs();

    CollectionException failed = catchThrowableOfType(CollectionException.class, () -> add("b"));
    faults.heal();
    add("c");

    assertThat(failed.reason()).isEqualTo(CollectionException.Reason.UNAVAILABLE);
    assertThat(documents()).containsExactly("a", "c");
    open(false);
    assertThat(documents()).containsExactly("a", "c");
    assertThat(collections.describe("faq").documents()).isEqualTo(2);
  }

  @Test
  void anIndexClosedByAFailedWriteIsReportedUnavailableAndOpenedAgainOnTheNextCall() {
    open(true).create("faq");
    add("a");
    faults.failWrites();

    CollectionException failed = catchThrowableOfType(CollectionException.class, () -> add("b"));
    faults.heal();

    assertThat(failed.reason()).isEqualTo(CollectionException.Reason.UNAVAILABLE);
    assertThat(documents()).containsExactly("a");
    add("c");
    assertThat(documents()).containsExactly("a", "c");
  }

  @Test
  void aRemovalWhoseCommitFailsKeepsTheDocumentAndTheNextCallWorks() {
    open(true).create("faq");
    add("a");
    add("b");
    faults.failSyncs();

    CollectionException failed = catchThrowableOfType(CollectionException.class, () -> collections.removeDocument("faq", "a"));
    faults.heal();
    add("c");

    assertThat(failed.reason()).isEqualTo(CollectionException.Reason.UNAVAILABLE);
    open(false);
    assertThat(documents()).containsExactly("a", "b", "c");
  }

  @Test
  void aDeletedCollectionIsStillReportedUnknown() {
    open(true).create("faq");
    add("a");
    collections.delete("faq");

    CollectionException failed = catchThrowableOfType(CollectionException.class, () -> add("b"));

    assertThat(failed.reason()).isEqualTo(CollectionException.Reason.NOT_FOUND);
  }
}
