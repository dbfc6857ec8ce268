package dev.apprentice.local.cache;

import dev.apprentice.api.ClosedException;
import dev.apprentice.api.Deadline;
import dev.apprentice.api.DeadlineExceededException;
import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import dev.apprentice.api.cache.CacheHit;
import dev.apprentice.api.cache.CacheHit.Tier;
import dev.apprentice.api.cache.CacheKey;
import dev.apprentice.api.cache.CachePolicy;
import dev.apprentice.api.cache.CacheStats;
import dev.apprentice.api.cache.CachedAnswer;
import dev.apprentice.api.cache.ResponseCache;
import dev.apprentice.api.files.FileProblems;
import dev.apprentice.local.cache.EntryDocument.StoredEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * The response cache in one Lucene index on disk: a document per entry, found by a term on tenant, model and exact key,
 * or (semantic tier) by a kNN search over unit prompt embeddings filtered to the same tenant, model and context and to
 * live entries. Stores upsert by key, expire after the TTL, are trimmed per tenant and model by background maintenance
 * and committed periodically and on close. Lookups never fail: an error is logged and counted as a miss. An index
 * whose writer a failure closed is opened again from its last commit ({@link CacheIndex}). Once closed, as the server
 * shuts down with calls still in flight, lookups are misses and stores are dropped, and an embedder closed with it
 * leaves prompts to the exact tier: neither is a fault, so neither is complained of.
 */
public final class LuceneResponseCache implements ResponseCache {

  private static final System.Logger LOG = System.getLogger(LuceneResponseCache.class.getName());
  /** Remembered for a prompt over the embedding model's window: it has no vector to compare. */
  private static final float[] NOT_COMPARABLE = new float[0];

  private final Embedder embedder;
  private final Clock clock;
  private final CacheIndex index;
  private final int candidates;
  private final Duration storeEmbedWait;
  /** Made on first semantic use, so that opening the cache never loads the embedding model. */
  private volatile SemanticSearch semantic;
  private final CacheMaintenance maintenance;
  private final ScheduledExecutorService background;
  private final RecentEmbeddings recent = new RecentEmbeddings(1024);
  private final AtomicLong seq;
  private final LongAdder exactHits = new LongAdder();
  private final LongAdder semanticHits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final Complaints complaints = new Complaints(LOG);
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Held to write an entry, so that one kept for exact matches only is not written over a newer store of its key. */
  private final Object writing = new Object();

  /** Opens (or creates) the cache in {@code directory} with the default tuning. */
  public LuceneResponseCache(Path directory, Embedder embedder, Clock clock) {
    this(directory, embedder, clock, CacheTuning.defaults());
  }

  /**
   * Opens (or creates) the cache in {@code directory}; an unreadable index there is replaced by an empty one (a
   * command that only reports on the cache reads it with {@link CacheOnDisk} instead, which never does). Fails with
   * {@link CacheInUseException} while another process has the cache open.
   */
  public LuceneResponseCache(Path directory, Embedder embedder, Clock clock, CacheTuning tuning) {
    this(directory, embedder, clock, tuning, CacheIndex.Directories.ON_DISK);
  }

  LuceneResponseCache(Path directory, Embedder embedder, Clock clock, CacheTuning tuning,
      CacheIndex.Directories directories) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.clock = Objects.requireNonNull(clock, "clock");
    try {
      this.index = CacheIndex.open(directory, tuning.refreshInterval(), clock, directories, complaints);
      this.seq = new AtomicLong(index.maxSeq());
    } catch (LockObtainFailedException e) {
      throw new CacheInUseException(directory, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the response cache in " + directory + ": "
          + FileProblems.why(e), e);
    }
    this.candidates = tuning.candidates();
    this.storeEmbedWait = tuning.storeEmbedWait();
    this.maintenance = new CacheMaintenance(index, clock, tuning.evictionSlack());
    this.background = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
        .name("apprentice-cache-maintenance").factory());
    long every = tuning.maintenanceInterval().toMillis();
    background.scheduleWithFixedDelay(this::maintainQuietly, every, every, TimeUnit.MILLISECONDS);
    long commitEvery = tuning.commitInterval().toMillis();
    background.scheduleWithFixedDelay(this::commitQuietly, commitEvery, commitEvery, TimeUnit.MILLISECONDS);
  }

  @Override
  public Optional<CacheHit> lookup(CacheKey key, CachePolicy policy) {
    return find(key, policy, null, Deadline.NONE);
  }

  /**
   * {@inheritDoc} A prompt that could not be embedded in time is remembered as one to keep for exact matches only, so
   * that storing the call's answer does not embed it after all, on the cache's writer, behind the same queue.
   */
  @Override
  public Optional<CacheHit> lookup(CacheKey key, CachePolicy policy, Deadline deadline) {
    return find(key, policy, null, Objects.requireNonNull(deadline, "deadline"));
  }

  /**
   * Like {@link #lookup(CacheKey, CachePolicy)} with the prompt's embedding already made by this cache's embedder, so
   * that it is not made again.
   */
  public Optional<CacheHit> lookup(CacheKey key, CachePolicy policy, float[] promptVector) {
    return find(key, policy, Objects.requireNonNull(promptVector, "promptVector"), Deadline.NONE);
  }

  @Override
  public void notServed(CacheHit hit) {
    (hit.tier() == Tier.EXACT ? exactHits : semanticHits).decrement();
    misses.increment();
  }

  /**
   * {@inheritDoc} The entry is written again without its vector, under the lock that stores take to write, after a
   * refresh: an entry stored again since it was found (another {@code stored_at}) is left as it is.
   */
  @Override
  public void keepForExactMatchesOnly(CacheKey asked, CacheHit hit) {
    Objects.requireNonNull(asked, "asked");
    if (hit.entry() == null || closed.get()) return;
    Term id = EntryDocument.id(asked.tenant(), asked.model(), hit.entry());
    long storedAt = hit.storedAt().toEpochMilli();
    try {
      synchronized (writing) {
        index.refresh();
        Optional<Document> exactOnly = index.read(searcher -> {
          TopDocs top = searcher.search(new TermQuery(id), 1);
          if (top.scoreDocs.length == 0) return Optional.empty();
          return EntryDocument.withoutVector(searcher, top.scoreDocs[0].doc, storedAt);
        });
        if (exactOnly.isEmpty()) return;
        index.writer().updateDocument(id, exactOnly.get());
      }
      index.changed();
    } catch (IOException | RuntimeException e) {
      complain("a cache entry could not be kept for exact matches only; it goes on answering paraphrases", e);
    }
  }

  @Override
  public void store(CacheKey key, CachedAnswer answer, CachePolicy policy) {
    write(key, answer, policy, null);
  }

  /** Like {@link #store(CacheKey, CachedAnswer, CachePolicy)} with the prompt's embedding already made. */
  public void store(CacheKey key, CachedAnswer answer, CachePolicy policy, float[] promptVector) {
    write(key, answer, policy, Objects.requireNonNull(promptVector, "promptVector"));
  }

  private Optional<CacheHit> find(CacheKey key, CachePolicy policy, float[] given, Deadline deadline) {
    Objects.requireNonNull(key, "key");
    if (!policy.enabled()) return Optional.empty();
    if (closed.get()) {
      misses.increment();
      return Optional.empty();
    }
    try {
      long now = clock.millis();
      Optional<CacheHit> hit = index.read(searcher -> exact(searcher, key, now));
      if (hit.isEmpty() && policy.mode() == CachePolicy.Mode.SEMANTIC) {
        float[] vector = given != null ? Vectors.unit(given) : embedForLookup(key, deadline);
        if (vector != null) hit = index.read(searcher -> semantic(searcher, key, vector, policy.threshold(), now));
      }
      (hit.isEmpty() ? misses : hit.get().tier() == Tier.EXACT ? exactHits : semanticHits).increment();
      return hit;
    } catch (DeadlineExceededException | CancellationException e) {
      misses.increment(); // not a failure of the cache: the call's time ran out, or its client left
      throw e;
    } catch (IOException | RuntimeException e) {
      complain("a cache lookup failed; answering as a miss", e);
      misses.increment();
      return Optional.empty();
    }
  }

  private Optional<CacheHit> exact(IndexSearcher searcher, CacheKey key, long now) throws IOException {
    TopDocs top = searcher.search(new TermQuery(EntryDocument.id(key)), 1);
    if (top.scoreDocs.length == 0) return Optional.empty();
    return entry(searcher, top.scoreDocs[0].doc, now).map(e -> hit(e, Tier.EXACT, 1.0));
  }

  private Optional<CacheHit> semantic(IndexSearcher searcher, CacheKey key, float[] vector, double threshold,
      long now) throws IOException {
    Optional<SemanticSearch.Nearest> nearest = search().best(searcher, key, vector, now);
    if (nearest.isEmpty() || nearest.get().similarity() < threshold) return Optional.empty();
    double similarity = nearest.get().similarity();
    return entry(searcher, nearest.get().docId(), now).map(e -> hit(e, Tier.SEMANTIC, similarity));
  }

  /** The live entry of a document, or empty when it expired or cannot be read. */
  private Optional<StoredEntry> entry(IndexSearcher searcher, int docId, long now) throws IOException {
    Optional<StoredEntry> entry = EntryDocument.read(searcher.storedFields(), docId);
    if (entry.isEmpty()) complain("a cache entry is unreadable; answering as a miss", null);
    return entry.filter(e -> e.expiresAtMillis() > now);
  }

  private static CacheHit hit(StoredEntry e, Tier tier, double similarity) {
    return new CacheHit(e.response(), tier, similarity, e.costUsd(), Instant.ofEpochMilli(e.storedAtMillis()),
        e.servedBy(), e.privacyCheck(), e.retrieved(), e.exact());
  }

  /** The prompt's unit embedding, or null when the prompt cannot be compared by meaning (see {@link #comparable}). */
  private float[] embedForLookup(CacheKey key, Deadline deadline) {
    float[] vector;
    try {
      vector = comparable(key.prompt(), deadline);
    } catch (DeadlineExceededException | CancellationException e) {
      recent.put(key.exact(), key.prompt(), NOT_COMPARABLE);
      throw e;
    } catch (RuntimeException e) {
      if (ClosedException.within(e) == null) throw e;
      vector = null; // the embedding model was closed as the server shuts down: exact matches only
    }
    recent.put(key.exact(), key.prompt(), vector == null ? NOT_COMPARABLE : vector);
    return vector;
  }

  /**
   * The prompt's unit embedding; null when the prompt is longer than the embedding model's window. Such prompts are
   * cached by their exact key only: two prompts that differ only after the window (a long shared preamble, then
   * different questions) embed identically and would otherwise answer each other at similarity 1.0.
   */
  private float[] comparable(String prompt, Deadline deadline) {
    Embedding embedding = embedder.embed(List.of(prompt), deadline).getFirst();
    return embedding.truncated() ? null : Vectors.unit(embedding.vector());
  }

  /**
   * The prompt's unit embedding made on the writer, waited for {@link CacheTuning#storeEmbedWait} at most; null past
   * it (the answer is then kept for exact matches only) or when the prompt cannot be compared by meaning.
   */
  private float[] embedForStore(CacheKey key) {
    try {
      return comparable(key.prompt(), Deadline.in(storeEmbedWait));
    } catch (DeadlineExceededException e) {
      return null;
    } catch (RuntimeException e) {
      if (ClosedException.within(e) == null) throw e;
      return null; // the embedding model was closed as the server shuts down
    }
  }

  private void write(CacheKey key, CachedAnswer answer, CachePolicy policy, float[] given) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(answer, "answer");
    if (!policy.enabled() || closed.get()) return;
    try {
      float[] vector = null;
      if (policy.mode() == CachePolicy.Mode.SEMANTIC) {
        vector = given != null ? Vectors.unit(given) : recent.take(key.exact(), key.prompt());
        if (vector == null) vector = embedForStore(key);
        else if (vector == NOT_COMPARABLE) vector = null; // kept for exact matches only
      }
      long now = clock.millis();
      long expires = expiry(now, policy.ttl());
      if (expires <= now) return;
      Document doc = EntryDocument.build(key, answer, now, expires, seq.incrementAndGet(),
          vector == null ? null : search().field(), vector);
      synchronized (writing) {
        index.writer().updateDocument(EntryDocument.id(key), doc);
      }
      index.changed();
      if (maintenance.stored(EntryDocument.scope(key.tenant(), key.model()), policy.maxEntries())) {
        background.execute(this::maintainQuietly);
      }
    } catch (IOException | RuntimeException e) {
      complain("a cache store failed; the answer is not kept", e);
    }
  }

  private static long expiry(long now, Duration ttl) {
    if (ttl == null) return Long.MAX_VALUE;
    try {
      return Math.addExact(now, ttl.toMillis());
    } catch (ArithmeticException e) {
      return ttl.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /**
   * {@inheritDoc} Fails with an {@link UncheckedIOException} saying why when the entries cannot be counted (the index
   * cannot be read, or is closed): a count of 0 would say the cache is empty.
   */
  @Override
  public CacheStats stats() {
    long entries;
    try {
      long now = clock.millis();
      entries = index.read(s -> (long) s.count(EntryDocument.live(now)));
    } catch (IOException | RuntimeException e) {
      complain("cannot count the cache's entries", e);
      throw unusable("cannot count the response cache's entries", e);
    }
    return new CacheStats(entries, exactHits.sum(), semanticHits.sum(), misses.sum());
  }

  /**
   * {@inheritDoc} Fails with an {@link UncheckedIOException} when the index cannot be written, as after a tragic
   * error until it is opened again ({@link CacheIndex}).
   */
  @Override
  public long clear(String tenant, String model) {
    try {
      return new CacheClearing(index, clock).clear(tenant, model);
    } catch (IOException | RuntimeException e) {
      throw unusable("cannot clear the response cache", e);
    }
  }

  /** The failure of {@code doing} on the index, in words that say why and what to do. */
  private UncheckedIOException unusable(String doing, Exception e) {
    if (e instanceof AlreadyClosedException closedIndex) {
      String why = closed.get() || closedIndex.getCause() == null ? "it is closed"
          : "a failure closed its index (" + index.words(closedIndex.getCause()) + "); it is opened again within "
              + CacheIndex.REOPEN_GAP.toSeconds() + " s: retry then";
      return new UncheckedIOException(doing + ": " + why, new IOException(e));
    }
    if (e instanceof RuntimeException unexpected && !(e instanceof UncheckedIOException)) throw unexpected;
    return new UncheckedIOException(doing + ": " + index.words(e), e instanceof IOException io ? io
        : ((UncheckedIOException) e).getCause());
  }

  /** Purges expired entries and trims every model stored to since the last run; returns how many went. */
  long maintain() throws IOException {
    return maintenance.run();
  }

  /** Documents in the index, expired ones not yet purged included. */
  long documents() throws IOException {
    index.refresh();
    return index.read(searcher -> (long) searcher.getIndexReader().numDocs());
  }

  private void maintainQuietly() {
    try {
      maintenance.run();
    } catch (IOException | RuntimeException e) {
      complain("cache maintenance failed", e);
    }
  }

  private void commitQuietly() {
    try {
      index.commit();
    } catch (IOException | RuntimeException e) {
      complain("cannot commit the response cache", e);
    }
  }

  /**
   * Logs a failure, unless this cache was closed: work that was under way as it closed (a store or lookup of a call
   * still in flight at shutdown) meets a closed index, which is no fault.
   */
  private void complain(String message, Throwable e) {
    if (closed.get()) {
      LOG.log(System.Logger.Level.DEBUG, () -> message + " (the cache was closed)");
      return;
    }
    complaints.log(message, e);
  }

  private SemanticSearch search() {
    SemanticSearch search = semantic;
    if (search == null) {
      synchronized (this) {
        if (semantic == null) semantic = new SemanticSearch(vectorField(embedder), candidates);
        search = semantic;
      }
    }
    return search;
  }

  private static String vectorField(Embedder embedder) {
    return "vector:" + embedder.model() + ":" + embedder.dimensions();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    background.shutdown();
    try {
      if (!background.awaitTermination(30, TimeUnit.SECONDS)) background.shutdownNow();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      index.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the response cache", e);
    }
  }
}
