package dev.apprentice.local.cache;

import static dev.apprentice.local.cache.CacheFixture.EXACT;
import static dev.apprentice.local.cache.CacheFixture.SEMANTIC;
import static dev.apprentice.local.cache.CacheFixture.answer;
import static dev.apprentice.local.cache.CacheFixture.key;
import static dev.apprentice.local.cache.CacheFixture.sized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.cache.CacheHit.Tier;
import dev.apprentice.api.cache.CacheKey;
import dev.apprentice.api.cache.CachedAnswer;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.testing.LogCapture;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class CacheDurabilityTest {

  @TempDir Path dir;
  private final CacheFixture fixture = new CacheFixture();

  @Test
  void entriesSurviveARestartAndNewOnesStayNewest() throws Exception {
    fixture.embedder.say("how to reset password", FakeEmbedder.near(0, 1, 0.95)).say("reset", FakeEmbedder.axis(0));
    try (LuceneResponseCache cache = fixture.open(dir)) {
      cache.store(key("reset"), answer("A"), SEMANTIC);
      cache.store(key("hours"), answer("B"), EXACT);
    }
    try (LuceneResponseCache reopened = fixture.open(dir)) {
      assertThat(reopened.lookup(key("hours"), EXACT)).isPresent();
      assertThat(reopened.lookup(key("how to reset password"), SEMANTIC).orElseThrow().tier())
          .isEqualTo(Tier.SEMANTIC);

      reopened.store(key("new"), answer("C"), sized(EXACT, 2));
      reopened.maintain();

      assertThat(reopened.lookup(key("reset"), EXACT)).isEmpty();
      assertThat(reopened.lookup(key("new"), EXACT)).isPresent();
    }
  }

  @Test
  void aCheckedEntryKeepsItsChecksIdentityAcrossARestartAndOneMarkedOnlyCheckedReadsUnchecked() throws Exception {
    writeRaw(key("older"), doc -> {
      doc.add(new StoredField(EntryDocument.RESPONSE, "{}"));
      doc.add(new StoredField(EntryDocument.COST, 0.001));
    });
    writeRaw(key("checked under unknown settings"), doc -> {
      doc.add(new StoredField(EntryDocument.RESPONSE, "{}"));
      doc.add(new StoredField(EntryDocument.COST, 0.001));
      doc.add(new StoredField("privacy_checked", 1)); // how an older version marked an entry that passed
    });
    try (LuceneResponseCache cache = fixture.open(dir)) {
      cache.store(key("checked"), new CachedAnswer("{}", 0.001, null, "3f9a0c21d7e4"), EXACT);
    }
    try (LuceneResponseCache reopened = fixture.open(dir)) {
      assertThat(reopened.lookup(key("checked"), EXACT).orElseThrow().privacyCheck()).isEqualTo("3f9a0c21d7e4");
      assertThat(reopened.lookup(key("older"), EXACT).orElseThrow().privacyCheck()).isNull();
      assertThat(reopened.lookup(key("checked under unknown settings"), EXACT).orElseThrow().privacyCheck()).isNull();
    }
  }

  @Test
  void theChunksAnAnswerWasMadeFromSurviveARestartAndAnEntryKeptBeforeThemReadsNone() throws Exception {
    writeRaw(key("older"), doc -> {
      doc.add(new StoredField(EntryDocument.RESPONSE, "{}"));
      doc.add(new StoredField(EntryDocument.COST, 0.001));
    });
    List<RetrievedChunk> chunks = List.of(
        new RetrievedChunk("kb", "refunds", "refunds#0", "Refunds: write to refunds.desk@example.com.", 0.82),
        new RetrievedChunk("kb", "returns", "returns#3", "Returns take \"30\" days.\nKeep the receipt.", -0.1));
    try (LuceneResponseCache cache = fixture.open(dir)) {
      cache.store(key("retrieving"), new CachedAnswer("{}", 0.001, null, null, chunks), EXACT);
    }
    try (LuceneResponseCache reopened = fixture.open(dir)) {
      assertThat(reopened.lookup(key("retrieving"), EXACT).orElseThrow().retrieved()).isEqualTo(chunks);
      assertThat(reopened.lookup(key("older"), EXACT).orElseThrow().retrieved()).isEmpty();
    }
  }

  @Test
  void anEntryWhoseChunksCannotBeReadIsAMiss() throws Exception {
    writeRaw(key("torn chunks"), doc -> {
      doc.add(new StoredField(EntryDocument.RESPONSE, "{}"));
      doc.add(new StoredField(EntryDocument.COST, 0.001));
      doc.add(new StoredField(EntryDocument.RETRIEVED, "[{\"collection\":\"kb\""));
    });

    try (LuceneResponseCache cache = fixture.open(dir)) {
      assertThat(cache.lookup(key("torn chunks"), EXACT)).isEmpty();
    }
  }

  @Test
  void anUnreadableIndexIsReplacedByAnEmptyOne() throws Exception {
    Files.write(dir.resolve("segments_1"), "not a Lucene index".getBytes());

    try (LuceneResponseCache cache = fixture.open(dir)) {
      assertThat(cache.lookup(key("q"), SEMANTIC)).isEmpty();
      cache.store(key("q"), answer("A"), SEMANTIC);
      assertThat(cache.lookup(key("q"), SEMANTIC)).isPresent();
    }
  }

  @Test
  void aDamagedIndexIsSaidToBeSoInWordsAsItIsReplacedNotInLucenesWhichNameItsClasses() throws Exception {
    try (LuceneResponseCache cache = fixture.open(dir)) {
      cache.store(key("q"), answer("A"), EXACT);
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path segmentInfo : files.filter(f -> f.getFileName().toString().endsWith(".si")).toList()) {
        Files.write(segmentInfo, new byte[10]);
      }
    }

    try (LogCapture log = CacheFixture.complaints(); LuceneResponseCache cache = fixture.open(dir)) {
      assertThat(cache.lookup(key("q"), EXACT)).isEmpty();
      assertThat(log.warnings()).containsExactly("the response cache cannot be read: its index (" + dir
          + ") is damaged or has files missing; starting it empty");
    }
  }

  @Test
  void anEntryThatCannotBeReadIsAMissNeverAnError() throws Exception {
    writeRaw(key("no response"), doc -> {});
    writeRaw(key("binary response"), doc -> doc.add(new StoredField(EntryDocument.RESPONSE, new BytesRef("{}"))));
    writeRaw(key("text cost"), doc -> {
      doc.add(new StoredField(EntryDocument.RESPONSE, "{}"));
      doc.add(new StoredField(EntryDocument.COST, "a dollar"));
    });

    try (LuceneResponseCache cache = fixture.open(dir)) {
      for (String prompt : List.of("no response", "binary response", "text cost")) {
        assertThatCode(() -> assertThat(cache.lookup(key(prompt), SEMANTIC)).isEmpty()).doesNotThrowAnyException();
      }
      assertThat(cache.stats().misses()).isEqualTo(3);
    }
  }

  @Test
  void statsOfACacheWhoseIndexCannotBeReadSaySoRatherThanCountingNoEntries() {
    LuceneResponseCache cache = fixture.open(dir);
    cache.store(key("q"), answer("A"), EXACT);
    cache.close();

    assertThatThrownBy(cache::stats).isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot count the response cache's entries: it is closed");
  }

  @Test
  void aLookupOnAClosedCacheIsAMiss() {
    LuceneResponseCache cache = fixture.open(dir);
    cache.store(key("q"), answer("A"), EXACT);
    cache.close();

    assertThat(cache.lookup(key("q"), EXACT)).isEmpty();
    assertThatCode(() -> cache.store(key("q"), answer("A"), EXACT)).doesNotThrowAnyException();
  }

  @Test
  void aLookupAndAStoreOfACallStillInFlightAsTheCacheClosesAreAMissAndNothingWithoutAComplaint() {
    LuceneResponseCache cache = fixture.open(dir);
    cache.store(key("q"), answer("A"), SEMANTIC);
    try (LogCapture log = CacheFixture.complaints()) {
      cache.close();

      assertThat(cache.lookup(key("q"), SEMANTIC)).isEmpty();
      cache.store(key("r"), answer("B"), SEMANTIC);

      assertThat(log.warnings()).as("a cache closed at shutdown is no fault").isEmpty();
    }
  }

  @Test
  void promptsTheClosedEmbeddingModelCannotEmbedMissAndAreKeptForExactMatchesOnlyWithoutAComplaint() {
    try (LogCapture log = CacheFixture.complaints()) {
      try (LuceneResponseCache cache = fixture.open(dir)) {
        fixture.embedder.close(); // as the server's close does, with calls still in flight

        assertThat(cache.lookup(key("where is my card?"), SEMANTIC)).isEmpty();
        cache.store(key("where is my card?"), answer("On its way."), SEMANTIC);
        cache.store(key("not looked up"), answer("Kept."), SEMANTIC); // a call sent with Cache-Control: no-cache

        assertThat(cache.lookup(key("where is my card?"), SEMANTIC).orElseThrow().tier()).isEqualTo(Tier.EXACT);
        assertThat(cache.lookup(key("not looked up"), SEMANTIC).orElseThrow().tier()).isEqualTo(Tier.EXACT);
      }
      assertThat(log.warnings()).as("a model closed at shutdown is no fault").isEmpty();
    }
    FakeEmbedder working = new FakeEmbedder().say("where is my card?", FakeEmbedder.axis(0))
        .say("where is my card now?", FakeEmbedder.axis(0));
    try (LuceneResponseCache reopened = new LuceneResponseCache(dir, working, fixture.clock, CacheFixture.TESTING)) {
      assertThat(reopened.lookup(key("where is my card now?"), SEMANTIC)).as("kept without its vector").isEmpty();
    }
  }

  @Test
  void aFailingEmbedderMakesMissesAndDropsStoresWithoutThrowing() {
    try (LuceneResponseCache cache = fixture.open(dir)) {
      cache.store(key("kept"), answer("A"), SEMANTIC);
      fixture.embedder.breakDown();

      assertThat(cache.lookup(key("kept"), SEMANTIC)).isPresent();
      assertThat(cache.lookup(key("other"), SEMANTIC)).isEmpty();
      assertThatCode(() -> cache.store(key("other"), answer("B"), SEMANTIC)).doesNotThrowAnyException();
      assertThat(cache.stats().entries()).isEqualTo(1);
    }
  }

  @Test
  @Timeout(60)
  void withABackgroundRefreshAStoreBecomesVisibleSoonAfter() throws Exception {
    CacheTuning background = CacheFixture.TESTING.withRefreshInterval(Duration.ofMillis(20));
    try (LuceneResponseCache cache = new LuceneResponseCache(dir, fixture.embedder, fixture.clock, background)) {
      cache.store(key("q"), answer("A"), SEMANTIC);

      while (cache.lookup(key("q"), SEMANTIC).isEmpty()) Thread.sleep(5);
    }
  }

  /** Writes a document under the key's id the way an older or damaged cache might have left it. */
  private void writeRaw(CacheKey key, Consumer<Document> fields) throws Exception {
    try (FSDirectory directory = FSDirectory.open(dir);
        IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
      Document doc = new Document();
      doc.add(new StringField(EntryDocument.ID, EntryDocument.id(key).text(), Field.Store.NO));
      doc.add(new StringField(EntryDocument.CONTEXT, EntryDocument.contextTerm(key).text(), Field.Store.NO));
      doc.add(new StoredField(EntryDocument.STORED_AT, 0L));
      doc.add(new LongPoint(EntryDocument.EXPIRES_AT, Long.MAX_VALUE));
      doc.add(new StoredField(EntryDocument.EXPIRES_AT, Long.MAX_VALUE));
      fields.accept(doc);
      writer.addDocument(doc);
    }
  }
}
