package dev.apprentice.local.collection;

import dev.apprentice.local.index.IndexFaults;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * One collection's Lucene index: a document per chunk with its vector in an HNSW graph and its text and ids stored.
 * Writes replace a document's chunks atomically and are committed before they return, so they survive a restart;
 * queries run concurrently on a searcher of the last commit, refreshed after each write.
 *
 * <p>Writes run one at a time: the writer is shared, so a write's changes sit buffered in it until its commit, and
 * another write's commit would take them along. A write that fails is rolled back, which throws its buffered changes
 * away and closes the writer: the index is then {@link #broken()} (as it is when Lucene closes the writer itself
 * after a tragic error), and its owner opens it again from the last commit.
 *
 * <p>An index opens for reading only: it takes Lucene's write lock, with its writer, at its first write and keeps them
 * until it closes or {@link #releaseWriter gives them back}. Until then it may be read while another process (a
 * server, or the CLI beside one) holds the lock and writes: each read first catches up with that writer's last
 * commit.
 *
 * <p>Vectors are compared by {@link VectorSimilarityFunction#DOT_PRODUCT}: the embedder's vectors are unit length
 * (and are normalised again here against rounding), for which the dot product is the cosine without COSINE's two
 * norms per comparison. Lucene scores it as {@code (1 + cosine) / 2}; queries turn that back into the cosine.
 */
final class VectorIndex implements Closeable {

  /** One chunk to write. */
  record Entry(String documentId, int index, String text, String source, String metadataJson, Instant addedAt,
      float[] vector) {}

  static final String VECTOR = "vector";
  static final String COLLECTION = "collection";
  static final String DOCUMENT_ID = "document_id";
  static final String CHUNK_ID = "chunk_id";
  static final String CHUNK_INDEX = "chunk_index";
  static final String TEXT = "text";
  static final String SOURCE = "source";
  static final String METADATA = "metadata";
  static final String ADDED_AT = "created_at";

  /** The fewest candidates a query gathers from the graph, whatever its k: recall@10 of 1.00 at 50 (DESIGN.md). */
  static final int MIN_CANDIDATES = 50;

  private final String collection;
  private final Directory directory;
  /** Null until a write needs it (reads take no lock), and after the index closes. */
  private volatile IndexWriter writer;
  /** Searchers over the index's last commit. */
  private final SearcherManager searchers;
  /** Held while catching up with the last commit, so that a call waits for one under way (see {@link #acquire}). */
  private final ReentrantLock catchingUp = new ReentrantLock();
  /**
   * When (by {@link System#nanoTime}) the last finished look for a newer commit began, opening included: the searchers
   * hold every commit made before then.
   */
  private volatile long caughtUpFrom;
  private volatile boolean closed;

  private VectorIndex(String collection, Directory directory, SearcherManager searchers, long openedFrom) {
    this.collection = collection;
    this.directory = directory;
    this.searchers = searchers;
    this.caughtUpFrom = openedFrom;
  }

  /** Creates an empty index in {@code directory} and closes it (the directory too). */
  static void create(Directory directory) throws IOException {
    try (directory;
        IndexWriter writer = new IndexWriter(directory,
            new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE))) {
      writer.commit();
    }
  }

  /** Opens the index in {@code dir} for reading; see {@link #open(String, Directory)}. */
  static VectorIndex open(String collection, Path dir) throws IOException {
    return open(collection, FSDirectory.open(dir));
  }

  /**
   * Opens the index in {@code directory} at its last commit, without its write lock (reads need none): the lock is
   * taken by {@link #holdForWriting} when a write needs it. The directory closes when the index closes (or fails to
   * open).
   */
  static VectorIndex open(String collection, Directory directory) throws IOException {
    try {
      long from = System.nanoTime();
      return new VectorIndex(collection, directory, new SearcherManager(directory, null), from);
    } catch (IOException | RuntimeException e) {
      directory.close();
      if (e instanceof IllegalArgumentException unknown) throw new IndexFaults.UnknownFormatException(unknown);
      throw e;
    }
  }

  /**
   * Takes the index's write lock, opening its writer, unless it holds them already; fails with
   * LockObtainFailedException while another process holds them, and with an IOException when the index is gone.
   */
  synchronized void holdForWriting() throws IOException {
    if (closed) throw new AlreadyClosedException("collection '" + collection + "' is closed");
    if (writer != null) return;
    try {
      writer = new IndexWriter(directory, new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.APPEND));
      searchers.maybeRefreshBlocking(); // what was committed before the lock was taken
    } catch (IllegalArgumentException unknown) {
      throw new IndexFaults.UnknownFormatException(unknown);
    }
  }

  /**
   * Closes the writer, giving back the write lock, once a write under way is done (every write is committed or rolled
   * back, so nothing is pending); reads go on at the last commit, and the next write takes the lock again.
   */
  synchronized void releaseWriter() throws IOException {
    IndexWriter w = writer;
    writer = null;
    if (w != null) w.close();
  }

  /** Whether this index holds its write lock: no other process can change it then. */
  boolean writing() {
    IndexWriter w = writer;
    return w != null && w.isOpen();
  }

  /**
   * Writes every document's chunks, replacing any chunks the document had, then commits and refreshes; answers the ids
   * of the documents that had chunks before (replaced, not added beside them).
   */
  synchronized Set<String> replace(Map<String, List<Entry>> documents) throws IOException {
    holdForWriting();
    Set<String> replaced = new LinkedHashSet<>();
    IndexSearcher searcher = searchers.acquire();
    try {
      for (String id : documents.keySet()) {
        if (searcher.count(new TermQuery(new Term(DOCUMENT_ID, id))) > 0) replaced.add(id);
      }
    } finally {
      searchers.release(searcher);
    }
    try {
      for (Map.Entry<String, List<Entry>> document : documents.entrySet()) {
        List<Document> chunks = new ArrayList<>(document.getValue().size());
        for (Entry entry : document.getValue()) chunks.add(luceneDocument(entry));
        writer.updateDocuments(new Term(DOCUMENT_ID, document.getKey()), chunks);
      }
      writer.commit();
    } catch (IOException | RuntimeException | Error e) {
      rollback(e);
      throw e;
    }
    searchers.maybeRefreshBlocking();
    return replaced;
  }

  /** Deletes a document's chunks; false when it had none. */
  synchronized boolean delete(String documentId) throws IOException {
    holdForWriting();
    Term term = new Term(DOCUMENT_ID, documentId);
    IndexSearcher searcher = searchers.acquire();
    try {
      if (searcher.count(new TermQuery(term)) == 0) return false;
    } finally {
      searchers.release(searcher);
    }
    try {
      writer.deleteDocuments(term);
      writer.commit();
    } catch (IOException | RuntimeException | Error e) {
      rollback(e);
      throw e;
    }
    searchers.maybeRefreshBlocking();
    return true;
  }

  /** Throws away what the failed write buffered, closing the writer (a later close would otherwise commit it). */
  private void rollback(Throwable cause) {
    try {
      writer.rollback();
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** Whether the writer is closed (by a rolled back write, or by Lucene after a tragic error): reopen to go on. */
  boolean broken() {
    IndexWriter w = writer;
    return w != null && !w.isOpen();
  }

  /**
   * The searchers for a call that began at {@code since} (a {@link System#nanoTime} value): they hold every commit made
   * before then. An index that holds its write lock has them already (it refreshes after each of its writes); one that
   * does not catches up with the last commit of whoever holds it (another process: a server, or the CLI beside it),
   * unless a look for it began after {@code since} (the same call's earlier read, or another call's): that look saw
   * every commit this call must see, and looking again would cost as much (about 100 µs) for nothing. A call waits for
   * a look another has under way: that one may have begun before a commit this call must see.
   */
  private IndexSearcher acquire(long since) throws IOException {
    if (!writing() && caughtUpFrom - since <= 0) catchUp(since);
    return searchers.acquire();
  }

  private void catchUp(long since) throws IOException {
    catchingUp.lock();
    try {
      if (caughtUpFrom - since > 0) return; // looked while this call waited
      long from = System.nanoTime();
      searchers.maybeRefreshBlocking();
      caughtUpFrom = from;
    } catch (IllegalArgumentException unknown) { // a commit of another process in a format not known here
      throw new IndexFaults.UnknownFormatException(unknown);
    } finally {
      catchingUp.unlock();
    }
  }

  /**
   * The {@code k} nearest chunks to a unit vector, best first, from {@code max(k, 50)} graph candidates, for a call
   * that began at {@code since} (see {@link #acquire}).
   */
  List<CollectionHit> search(float[] query, int k, long since) throws IOException {
    int candidates = Math.max(k, MIN_CANDIDATES);
    IndexSearcher searcher = acquire(since);
    try {
      TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, unit(query), candidates), candidates);
      StoredFields stored = searcher.storedFields();
      List<CollectionHit> hits = new ArrayList<>(Math.min(k, top.scoreDocs.length));
      for (ScoreDoc scored : top.scoreDocs) {
        if (hits.size() == k) break;
        hits.add(hit(stored.document(scored.doc), scored.score));
      }
      return hits;
    } finally {
      searchers.release(searcher);
    }
  }

  /**
   * The version of the index for a call that began at {@code since} (see {@link #acquire}): it grows with every write
   * that changed something and is kept by the commit, so it is the same after a restart until the next change.
   */
  long version(long since) throws IOException {
    IndexSearcher searcher = acquire(since);
    try {
      return ((DirectoryReader) searcher.getIndexReader()).getVersion();
    } finally {
      searchers.release(searcher);
    }
  }

  /** Documents (counted by their first chunks) and chunks in the index, for a call that began at {@code since}. */
  long[] counts(long since) throws IOException {
    IndexSearcher searcher = acquire(since);
    try {
      long documents = searcher.count(new TermQuery(new Term(CHUNK_INDEX, "0")));
      return new long[] {documents, searcher.getIndexReader().numDocs()};
    } finally {
      searchers.release(searcher);
    }
  }

  /** A page of the documents after {@code after} (null: from the first), for a call that began at {@code since}. */
  DocumentPage documents(long since, String after, int limit) throws IOException {
    IndexSearcher searcher = acquire(since);
    try {
      return DocumentIds.page(searcher.getIndexReader(), after, limit);
    } finally {
      searchers.release(searcher);
    }
  }

  private Document luceneDocument(Entry entry) {
    Document doc = new Document();
    doc.add(new KnnFloatVectorField(VECTOR, unit(entry.vector()), VectorSimilarityFunction.DOT_PRODUCT));
    doc.add(new StoredField(COLLECTION, collection));
    doc.add(new StringField(DOCUMENT_ID, entry.documentId(), Field.Store.YES));
    doc.add(new StoredField(CHUNK_ID, entry.documentId() + "#" + entry.index()));
    doc.add(new StringField(CHUNK_INDEX, Integer.toString(entry.index()), Field.Store.YES));
    doc.add(new StoredField(TEXT, entry.text()));
    if (entry.source() != null) doc.add(new StoredField(SOURCE, entry.source()));
    if (entry.metadataJson() != null) doc.add(new StoredField(METADATA, entry.metadataJson()));
    doc.add(new StoredField(ADDED_AT, entry.addedAt().toEpochMilli()));
    return doc;
  }

  private static CollectionHit hit(Document doc, float score) {
    double cosine = Math.max(-1, Math.min(1, 2.0 * score - 1));
    Number added = doc.getField(ADDED_AT).numericValue();
    return new CollectionHit(doc.get(DOCUMENT_ID), doc.get(CHUNK_ID), doc.get(TEXT), doc.get(SOURCE),
        MetadataJson.read(doc.get(METADATA)), Instant.ofEpochMilli(added.longValue()), cosine);
  }

  /** The vector scaled to unit length (a zero vector stays as it is). */
  static float[] unit(float[] vector) {
    double sum = 0;
    for (float v : vector) sum += v * v;
    if (sum == 0 || Math.abs(sum - 1) < 1e-7) return vector;
    float scale = (float) (1 / Math.sqrt(sum));
    float[] scaled = new float[vector.length];
    for (int i = 0; i < vector.length; i++) scaled[i] = vector[i] * scale;
    return scaled;
  }

  /**
   * Closes the index once a write under way is done (closing Lucene's writer in the middle of another thread's commit
   * fails, and would leave that writer holding the index's lock).
   */
  @Override
  public synchronized void close() throws IOException {
    closed = true;
    IndexWriter w = writer;
    writer = null;
    try (directory; w) {
      searchers.close();
    }
  }
}
