package dev.apprentice.local.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.apprentice.api.Deadline;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.api.retrieval.Retriever;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class CollectionsTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir
  Path dir;

  private final HashingEmbedder embedder = new HashingEmbedder();
  private Collections collections;

  private Collections open() {
    collections = new Collections(dir.resolve("collections"), () -> embedder, Clock.fixed(NOW, ZoneOffset.UTC));
    return collections;
  }

  @AfterEach
  void close() {
    if (collections != null) collections.close();
  }

  private static NewDocument doc(String id, String text) {
    return new NewDocument(id, text, id + ".txt", null);
  }

  @Test
  void theCollectionsFolderAndEachCollectionMadeInADataDirectoryOthersCanReadArePrivateToTheOwner() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

    open().create("handbook");
    collections.add("handbook", List.of(doc("salaries", "The payroll of March")));

    for (Path folder : List.of(dir.resolve("collections"), dir.resolve("collections/handbook"))) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
          .as(folder.toString()).isEqualTo("rwx------");
    }
  }

  @Test
  void aCreatedCollectionIsListedEmptyWithItsSettings() {
    open().create("faq", 400, 40);
    CollectionInfo info = collections.describe("faq");
    assertThat(info.settings()).isEqualTo(new CollectionSettings("faq", "test/hashing", 64, 400, 40, NOW));
    assertThat(info.documents()).isZero();
    assertThat(info.chunks()).isZero();
    assertThat(collections.list()).extracting(CollectionInfo::name).containsExactly("faq");
    assertThat(dir.resolve("collections/faq/collection.json")).exists();
    assertThat(dir.resolve("collections/faq/index")).isDirectory();
  }

  @Test
  void aQueryFindsTheDocumentSharingItsWordsFirstWithACosineScore() {
    open().create("faq");
    collections.add("faq", List.of(doc("refunds", "How do I get a refund for my order"),
        doc("shipping", "When will my parcel be shipped"), doc("password", "I forgot my password and cannot log in")));
    List<CollectionHit> hits = collections.query("faq", "refund order", 2);
    assertThat(hits).hasSize(2);
    CollectionHit best = hits.getFirst();
    assertThat(best.documentId()).isEqualTo("refunds");
    assertThat(best.chunkId()).isEqualTo("refunds#0");
    assertThat(best.text()).isEqualTo("How do I get a refund for my order");
    assertThat(best.source()).isEqualTo("refunds.txt");
    assertThat(best.addedAt()).isEqualTo(NOW);
    double exact = embedder.embed("refund order").cosine(embedder.embed(best.text()));
    assertThat(best.score()).isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(hits).allSatisfy(h -> assertThat(h.score()).isBetween(-1.0, 1.0));
    assertThat(hits.get(1).score()).isLessThanOrEqualTo(best.score());
  }

  @Test
  void aLongDocumentIsChunkedAndEachChunkIsFoundByItsOwnWords() {
    open().create("book", 100, 0);
    String text = "apples and pears grow in the orchard. ".repeat(3) + "\n\n" + "submarines dive under the cold sea. ".repeat(3);
    AddResult added = collections.add("book", List.of(doc("chapter-1", text)));
    assertThat(added.chunks()).isGreaterThan(1);
    assertThat(collections.describe("book").chunks()).isEqualTo(added.chunks());
    assertThat(collections.describe("book").documents()).isEqualTo(1);
    CollectionHit hit = collections.query("book", "submarines under the sea", 1).getFirst();
    assertThat(hit.text()).contains("submarines").doesNotContain("apples");
    assertThat(hit.chunkId()).startsWith("chapter-1#").isNotEqualTo("chapter-1#0");
  }

  @Test
  void theDocumentsAreListedOnceEachByIdWithTheirSourcesHoweverManyChunksTheyHave() {
    open().create("book", 100, 0);
    collections.add("book", List.of(doc("chapter-2", "submarines dive under the cold sea. ".repeat(9)),
        new NewDocument("chapter-1", "apples and pears grow in the orchard.", null, null)));
    assertThat(collections.describe("book").chunks()).isGreaterThan(2);

    assertThat(collections.documents("book", null, 1000).documents()).containsExactly(
        new StoredDocument("chapter-1", null), new StoredDocument("chapter-2", "chapter-2.txt"));
    collections.create("empty");
    assertThat(collections.documents("empty", null, 1000)).isEqualTo(new DocumentPage(List.of(), false));
  }

  @Test
  void pagesOfTheDocumentsHoldEachIdOnceByIdAndSayWhetherMoreFollowPassingOverRemovedOnes() {
    open().create("book");
    collections.add("book", List.of(doc("e", "echo"), doc("b", "bravo"), doc("d", "delta"), doc("a", "alpha"),
        doc("c", "charlie"), doc("f", "foxtrot"), doc("g", "golf")));
    collections.removeDocument("book", "f");

    DocumentPage first = collections.documents("book", null, 3);
    DocumentPage second = collections.documents("book", "c", 3);
    DocumentPage last = collections.documents("book", "e", 3);

    assertThat(first.documents()).extracting(StoredDocument::id).containsExactly("a", "b", "c");
    assertThat(first.hasMore()).isTrue();
    assertThat(second.documents()).extracting(StoredDocument::id).containsExactly("d", "e", "g");
    assertThat(second.hasMore()).as("exactly a page long, 'f' removed: nothing follows 'g'").isFalse();
    assertThat(last).isEqualTo(new DocumentPage(List.of(new StoredDocument("g", "g.txt")), false));
    assertThat(collections.documents("book", "f", 3).documents()).as("after an id no longer there")
        .extracting(StoredDocument::id).containsExactly("g");
    assertThat(collections.documents("book", "g", 3)).isEqualTo(new DocumentPage(List.of(), false));
  }

  @Test
  void collectionsDocumentsAndMetadataSurviveAReopen() {
    open().create("kept");
    collections.add("kept", List.of(new NewDocument("a", "alpha beta gamma", "src/a.md", Map.of("lang", "en", "n", 3))));
    collections.close();
    open();
    assertThat(collections.list()).singleElement().satisfies(info -> {
      assertThat(info.name()).isEqualTo("kept");
      assertThat(info.documents()).isEqualTo(1);
    });
    CollectionHit hit = collections.query("kept", "alpha", 1).getFirst();
    assertThat(hit.documentId()).isEqualTo("a");
    assertThat(hit.metadata()).isEqualTo(Map.of("lang", "en", "n", 3));
  }

  @Test
  void reAddingADocumentIdReplacesAllItsChunks() {
    open().create("docs", 60, 0);
    collections.add("docs", List.of(doc("guide", "zebra crossing rules. ".repeat(10))));
    long before = collections.describe("docs").chunks();
    assertThat(before).isGreaterThan(1);
    collections.add("docs", List.of(doc("guide", "penguins live in the south")));
    CollectionInfo after = collections.describe("docs");
    assertThat(after.documents()).isEqualTo(1);
    assertThat(after.chunks()).isEqualTo(1);
    assertThat(collections.query("docs", "zebra crossing", 10)).singleElement()
        .satisfies(h -> assertThat(h.text()).isEqualTo("penguins live in the south"));
  }

  @Test
  void anAddSaysWhichOfItsDocumentsReplacedOnesOfTheSameIdAndWhichAreNew() {
    open().create("docs", 60, 0);
    AddResult first = collections.add("docs", List.of(doc("guide", "zebra crossing rules")));
    AddResult second = collections.add("docs", List.of(doc("faq", "penguins"), doc("guide", "zebra rules, again")));

    assertThat(first.replacedIds()).isEmpty();
    assertThat(second.documentIds()).containsExactly("faq", "guide");
    assertThat(second.replacedIds()).containsExactly("guide");
  }

  @Test
  void aQueryLongerThanTheModelsWindowIsSearchedPieceByPieceSoTheQuestionAtItsEndIsFound() {
    HashingEmbedder windowed = policies(120);
    String story = "I drove my car to the garage for new brakes and tyres last spring. ".repeat(14);
    String question = "Now the river overflowed: flood damage, house covered?";
    assertThat(windowed.embed(story + question).truncated()).as("longer than the window").isTrue();

    List<CollectionHit> hits = collections.query("policies", story + question, 2);

    assertThat(hits).as(hits.toString()).extracting(CollectionHit::documentId).contains("home");
  }

  @Test
  void aQueryTheTokenizerFindsLongerThanTheWindowIsNotEmbeddedWholeBeforeItIsCut() {
    HashingEmbedder windowed = policies(120);
    String query = "I drove my car to the garage for new brakes and tyres last spring. ".repeat(14)
        + "Now the river overflowed: flood damage, house covered?";

    collections.query("policies", query, 2);

    assertThat(windowed.embedded).as("only pieces").isNotEmpty().doesNotContain(query)
        .allSatisfy(piece -> assertThat(windowed.overWindow(piece)).isFalse());
  }

  @Test
  void aPieceStillLongerThanTheWindowIsCutAgainSoItsMiddleIsSearched() {
    HashingEmbedder windowed = policies(20);
    String dense = "a1 b2 c3 d4 e5 f6 g7 h8 i9 j0 ".repeat(4) + "flood damage house covered "
        + "a1 b2 c3 d4 e5 f6 g7 h8 i9 j0 ".repeat(4);

    List<CollectionHit> hits = collections.query("policies", dense, 2);

    assertThat(windowed.embedded).allSatisfy(piece -> assertThat(windowed.overWindow(piece)).isFalse());
    assertThat(hits).as(hits.toString()).extracting(CollectionHit::documentId).contains("home");
  }

  /** A collection of six one-line policies over an embedder that reads {@code window} words; its log emptied. */
  private HashingEmbedder policies(int window) {
    HashingEmbedder windowed = HashingEmbedder.windowed(window);
    collections = new Collections(dir.resolve("collections"), () -> windowed, Clock.fixed(NOW, ZoneOffset.UTC));
    collections.create("policies");
    collections.add("policies", List.of(doc("car", "Car garage brakes tyres repairs."),
        doc("home", "Flood damage, house covered with rider."), doc("pets", "Vet bills: cats, dogs."),
        doc("travel", "Lost luggage abroad."), doc("life", "Lump sum payout."), doc("bike", "Stolen bicycle replaced.")));
    windowed.embedded.clear();
    return windowed;
  }

  @Test
  void removingADocumentRemovesEveryChunkOfItAndOnlyIt() {
    open().create("docs", 60, 0);
    collections.add("docs", List.of(doc("long", "lorem ipsum dolor sit amet. ".repeat(10)), doc("short", "hello world")));
    collections.removeDocument("docs", "long");
    CollectionInfo info = collections.describe("docs");
    assertThat(info.documents()).isEqualTo(1);
    assertThat(info.chunks()).isEqualTo(1);
    assertThat(collections.query("docs", "lorem ipsum", 5)).extracting(CollectionHit::documentId).containsOnly("short");
    assertRefused(() -> collections.removeDocument("docs", "long"), CollectionException.Reason.NOT_FOUND,
        "no document 'long' in collection 'docs'");
  }

  @Test
  void aDeletedCollectionIsGoneFromDiskAndCanBeCreatedAgain() {
    open().create("temp");
    collections.add("temp", List.of(doc("x", "some text")));
    collections.delete("temp");
    assertThat(collections.list()).isEmpty();
    assertThat(dir.resolve("collections/temp")).doesNotExist();
    assertRefused(() -> collections.query("temp", "some", 1), CollectionException.Reason.NOT_FOUND, "no collection named 'temp'");
    collections.create("temp");
    assertThat(collections.describe("temp").chunks()).isZero();
  }

  @Test
  void aCollectionWhoseSettingsNoLongerReadCanStillBeDeletedAndListingWorksAgain() throws Exception {
    open().create("good");
    collections.create("bad");
    collections.close();
    Files.writeString(dir.resolve("collections/bad/collection.json"), "{");
    open();
    assertThatThrownBy(() -> collections.list()).isInstanceOf(CollectionException.class)
        .hasMessageContaining("cannot read the settings of collection 'bad'").hasMessageContaining("not valid JSON (line 1, column 2)")
        .hasMessageNotContaining("Feature");
    collections.delete("bad");
    assertThat(dir.resolve("collections/bad")).doesNotExist();
    assertThat(collections.list()).extracting(CollectionInfo::name).containsExactly("good");
  }

  @Test
  void unknownCollectionsBadNamesAndDuplicatesAreRefusedWithActionableMessages() {
    open().create("one");
    assertRefused(() -> collections.describe("nope"), CollectionException.Reason.NOT_FOUND, "no collection named 'nope'");
    assertRefused(() -> collections.add("nope", List.of(doc("a", "b"))), CollectionException.Reason.NOT_FOUND, "nope");
    assertRefused(() -> collections.delete("nope"), CollectionException.Reason.NOT_FOUND, "nope");
    for (String bad : new String[] {"", "Upper", "-dash", "has space", "../escape", "a".repeat(65), "é"}) {
      assertRefused(() -> collections.create(bad), CollectionException.Reason.INVALID, "lower-case letters");
    }
    assertRefused(() -> collections.create("one"), CollectionException.Reason.EXISTS, "exists already");
    assertRefused(() -> collections.create("two", 800, 500), CollectionException.Reason.INVALID, "chunk_overlap");
    assertRefused(() -> collections.create("two", 10, 0), CollectionException.Reason.INVALID, "chunk_size");
    assertThat(new LocalRetriever(collections).retrieve("one", "x", 1)).isEmpty();
    assertThatThrownBy(() -> new LocalRetriever(collections).retrieve("nope", "x", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void badDocumentsAreRefusedNamingTheFieldAndNothingIsAdded() {
    open().create("docs");
    assertRefused(() -> collections.add("docs", List.of(doc("a", "fine"), doc("b", "  "))),
        CollectionException.Reason.INVALID, "document 'b' has no text");
    assertRefused(() -> collections.add("docs", List.of(doc("a", "one"), doc("a", "two"))),
        CollectionException.Reason.INVALID, "appears twice");
    assertRefused(() -> collections.add("docs", List.of(doc("", "text"))), CollectionException.Reason.INVALID, "empty");
    assertRefused(() -> collections.add("docs", List.of()), CollectionException.Reason.INVALID, "no documents");
    assertRefused(() -> collections.query("docs", "text", 0), CollectionException.Reason.INVALID, "k must be");
    assertRefused(() -> collections.query("docs", " ", 3), CollectionException.Reason.INVALID, "query text is empty");
    assertThat(catchThrowableOfType(CollectionException.class,
        () -> collections.add("docs", List.of(doc("a", "fine"), doc("b", "")))).param()).isEqualTo("documents[1].text");
    assertThat(collections.describe("docs").chunks()).isZero();
  }

  @Test
  void aDocumentIdWithAHalfOfASurrogatePairIsRefusedForTheIndexWouldKeepAnotherId() {
    open().create("docs");
    CollectionException refused = catchThrowableOfType(CollectionException.class,
        () -> collections.add("docs", List.of(doc("guide-\uD83D.md", "fine"))));

    assertThat(refused).as("stored, the id would read 'guide-\uFFFD.md', not the id the add answers").isNotNull();
    assertThat(refused.param()).isEqualTo("documents[0].id");
    assertThat(refused).hasMessageContaining("unpaired surrogate");
    assertThat(collections.describe("docs").chunks()).isZero();
    assertThat(collections.add("docs", List.of(doc("guide-\uD83D\uDE00.md", "fine"))).documentIds())
        .containsExactly("guide-\uD83D\uDE00.md");
    assertThat(collections.query("docs", "fine", 1).getFirst().documentId()).isEqualTo("guide-\uD83D\uDE00.md");
  }

  @Test
  void aCollectionBuiltWithAnotherModelOrDimensionIsRefusedForAddsAndQueries() {
    open().create("built");
    collections.add("built", List.of(doc("a", "alpha")));
    collections.close();
    for (HashingEmbedder other : List.of(new HashingEmbedder("test/hashing", 32), new HashingEmbedder("test/other", 64))) {
      collections = new Collections(dir.resolve("collections"), () -> other);
      assertRefused(() -> collections.query("built", "alpha", 1), CollectionException.Reason.INCOMPATIBLE,
          "was built with the embedding model test/hashing (64 dimensions)");
      assertRefused(() -> collections.add("built", List.of(doc("b", "beta"))), CollectionException.Reason.INCOMPATIBLE,
          "re-create the collection");
      assertThat(collections.describe("built").chunks()).isEqualTo(1);
      collections.close();
    }
    collections = null;
  }

  @Test
  void listingDescribingAndDeletingNeverLoadTheEmbedder() {
    open().create("a");
    collections.close();
    collections = new Collections(dir.resolve("collections"), () -> {
      throw new IllegalStateException("no model here");
    });
    assertThat(collections.list()).hasSize(1);
    assertRefused(() -> collections.query("a", "x", 1), CollectionException.Reason.UNAVAILABLE, "no model here");
    collections.delete("a");
    assertThat(collections.list()).isEmpty();
  }

  @Test
  void chunksAreEmbeddedInBatches() {
    open().create("many", 50, 0);
    String text = "word ".repeat(2000);
    int chunks = collections.add("many", List.of(doc("big", text))).chunks();
    assertThat(embedder.texts.get()).isEqualTo(chunks);
    assertThat(embedder.calls.get()).isEqualTo((chunks + VectorCollection.EMBED_BATCH - 1) / VectorCollection.EMBED_BATCH);
  }

  @Test
  void theRetrieverAnswersRetrievedChunksOfTheCollection() {
    open().create("kb");
    collections.add("kb", List.of(doc("cats", "cats purr and sleep"), doc("dogs", "dogs bark and fetch")));
    List<RetrievedChunk> chunks = new LocalRetriever(collections).retrieve("kb", "dogs fetch", 1);
    assertThat(chunks).singleElement().satisfies(c -> {
      assertThat(c.collection()).isEqualTo("kb");
      assertThat(c.documentId()).isEqualTo("dogs");
      assertThat(c.chunkId()).isEqualTo("dogs#0");
      assertThat(c.text()).isEqualTo("dogs bark and fetch");
      assertThat(c.score()).isBetween(0.5, 1.0);
    });
  }

  @Test
  void aRetrieversSearchEmbedsItsQueryOnceAndFindsWhatARetrievalOfAsManyChunksFinds() {
    HashingEmbedder windowed = policies(5);
    String longQuery = "I drove my car to the garage for new brakes and tyres. Now flood damage, house covered?";
    for (String query : List.of("flood damage house", longQuery)) {
      LocalRetriever retriever = new LocalRetriever(collections);
      windowed.embedded.clear();
      Retriever.Search search = retriever.search("policies", query, Deadline.NONE, System.nanoTime());
      int embedded = windowed.embedded.size();

      List<RetrievedChunk> two = search.best(2);
      List<RetrievedChunk> five = search.best(5);

      assertThat(windowed.embedded).as("embedded once, for both searches").hasSize(embedded);
      assertThat(two).isEqualTo(retriever.retrieve("policies", query, 2));
      assertThat(five).isEqualTo(retriever.retrieve("policies", query, 5));
      assertThat(five).extracting(RetrievedChunk::documentId).contains("home");
    }
    assertThat(HashingEmbedder.windowed(5).overWindow(longQuery)).as("the long query is searched in pieces").isTrue();
  }

  @Test
  void theRevisionChangesWithEveryChangeToTheContentsAndSurvivesARestart() {
    open().create("kb");
    String empty = collections.revision("kb");
    collections.add("kb", List.of(doc("cats", "cats purr and sleep")));
    String one = collections.revision("kb");
    assertThat(collections.revision("kb")).isEqualTo(one);
    collections.close();
    assertThat(open().revision("kb")).isEqualTo(one);
    collections.add("kb", List.of(doc("cats", "cats purr, sleep and hunt")));
    String replaced = collections.revision("kb");
    collections.removeDocument("kb", "cats");
    String removed = collections.revision("kb");
    assertThat(List.of(empty, one, replaced, removed)).doesNotHaveDuplicates();
    assertThat(new LocalRetriever(collections).revision("kb")).isEqualTo(removed);
  }

  @Test
  void aCollectionCreatedAgainUnderTheSameNameHasANewRevision() {
    open().create("kb");
    String before = collections.revision("kb");
    collections.delete("kb");
    collections.close();
    collections = new Collections(dir.resolve("collections"), () -> embedder,
        Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
    collections.create("kb");
    assertThat(collections.revision("kb")).isNotEqualTo(before);
    assertRefused(() -> collections.revision("gone"), CollectionException.Reason.NOT_FOUND, "gone");
  }

  @Test
  void theDefaultIdOfADocumentIsAStableHashOfItsText() {
    assertThat(NewDocument.of("hello", null, null).id()).isEqualTo(NewDocument.idOf("hello")).hasSize(16)
        .isNotEqualTo(NewDocument.idOf("hello!"));
  }

  @Test
  void aSecondManagerOnTheSameFolderReadsACollectionTheFirstWritesButIsToldItIsInUseForChanges() throws Exception {
    open().create("shared");
    collections.add("shared", List.of(doc("cats", "cats purr and sleep")));
    try (Collections second = new Collections(dir.resolve("collections"), () -> embedder)) {
      assertThat(second.describe("shared").documents()).isEqualTo(1);
      assertRefused(() -> second.add("shared", List.of(doc("dogs", "dogs bark"))),
          CollectionException.Reason.UNAVAILABLE, "in use by another process");
      assertRefused(() -> second.removeDocument("shared", "cats"), CollectionException.Reason.UNAVAILABLE,
          "in use by another process");
      assertRefused(() -> second.delete("shared"), CollectionException.Reason.UNAVAILABLE, "in use by another process");
    }
    assertThat(collections.describe("shared").documents()).isEqualTo(1);
    assertThat(Files.exists(dir.resolve("collections/shared"))).isTrue();
  }

  @Test
  @Timeout(60)
  void queriesRunSafelyWhileDocumentsAreAddedAndRemoved() throws Exception {
    open().create("busy");
    collections.add("busy", List.of(doc("seed", "seed words for every query")));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> work = new ArrayList<>();
      work.add(pool.submit(() -> {
        for (int i = 0; i < 30; i++) {
          collections.add("busy", List.of(doc("d" + i, "document number " + i + " with words")));
          if (i % 3 == 0) collections.removeDocument("busy", "d" + i);
        }
      }));
      for (int t = 0; t < 3; t++) {
        work.add(pool.submit(() -> {
          for (int i = 0; i < 100; i++) {
            assertThat(collections.query("busy", "words for every query", 3)).isNotEmpty();
          }
        }));
      }
      for (Future<?> f : work) f.get();
    } finally {
      pool.shutdownNow();
    }
    assertThat(collections.describe("busy").documents()).isEqualTo(1 + 30 - 10);
  }

  private static void assertRefused(ThrowingCallable call, CollectionException.Reason reason, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(CollectionException.class,
        e -> assertThat(e.reason()).isEqualTo(reason)).hasMessageContaining(message);
  }
}
