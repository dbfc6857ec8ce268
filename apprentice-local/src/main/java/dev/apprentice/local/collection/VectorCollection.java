package dev.apprentice.local.collection;

import dev.apprentice.api.Deadline;
import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An open collection: its settings, chunker and index. Adds chunk every document, embed the chunks in batches, then
 * write them all in one commit, so an add that fails part-way leaves the collection as it was.
 */
final class VectorCollection implements Closeable {

  /** Chunks embedded per call to the embedder. */
  static final int EMBED_BATCH = 32;
  /** The most results one query may ask for. */
  static final int MAX_K = 1000;

  private final CollectionSettings settings;
  private final Chunker chunker;
  private final VectorIndex index;
  /** The settings file this was opened from ({@link CollectionSettings#fileContents}). */
  private final String settingsFile;
  /**
   * When (by {@link System#nanoTime}) the last check that found the settings file as it was began, opening included:
   * the collection was not deleted before then.
   */
  private volatile long checkedFrom;
  private volatile boolean deleted;
  /** Adds and removals under way, and when the last one ended (guarded by this). */
  private int writes;
  private Instant lastWrite;

  /** A collection opened from {@code settingsFile}, read at {@code readFrom} (a {@link System#nanoTime} value). */
  VectorCollection(CollectionSettings settings, VectorIndex index, String settingsFile, long readFrom) {
    this.settings = settings;
    this.chunker = settings.chunker();
    this.index = index;
    this.settingsFile = settingsFile;
    this.checkedFrom = readFrom;
  }

  /** Takes the index's write lock unless it holds it already (see {@link VectorIndex#holdForWriting}). */
  void holdForWriting() throws IOException {
    index.holdForWriting();
  }

  /** Marks the start of an add or removal: the write lock is not given back until it ends. */
  synchronized void startWrite() {
    writes++;
  }

  /** Marks the end of an add or removal at {@code now}. */
  synchronized void endWrite(Instant now) {
    writes--;
    lastWrite = now;
  }

  /**
   * Gives back the index's write lock when it holds it, no write is under way, and none ended after {@code cutoff};
   * true when it did.
   */
  synchronized boolean releaseWriterIfIdleSince(Instant cutoff) throws IOException {
    if (writes > 0 || !index.writing() || lastWrite == null || lastWrite.isAfter(cutoff)) return false;
    index.releaseWriter();
    return true;
  }

  /** Whether the index holds its write lock, so that no other process can delete or change the collection. */
  boolean writing() {
    return index.writing();
  }

  /** Whether the collection in {@code dir} is not the one this was opened from: deleted (and maybe made again). */
  boolean replacedIn(Path dir) {
    return !settingsFile.equals(CollectionSettings.fileContents(dir));
  }

  /**
   * As {@link #replacedIn(Path)} for a call that began at {@code since} (a {@link System#nanoTime} value): the file is
   * not read again when a check that began after then (the same call's earlier read, or another call's) found it as
   * it was, as the index is not looked at again for newer commits then (VectorIndex).
   */
  boolean replacedIn(Path dir, long since) {
    if (checkedFrom - since > 0) return false;
    long from = System.nanoTime();
    if (replacedIn(dir)) return true;
    checkedFrom = from;
    return false;
  }

  CollectionSettings settings() {
    return settings;
  }

  /** The settings and counts, for a call that began at {@code since} (a {@link System#nanoTime} value). */
  CollectionInfo info(long since) throws IOException {
    long[] counts = index.counts(since);
    return new CollectionInfo(settings, counts[0], counts[1]);
  }

  AddResult add(List<NewDocument> documents, Embedder embedder, Instant now) throws IOException {
    checkEmbedder(embedder);
    if (documents.isEmpty()) throw CollectionException.invalid("documents", "no documents to add");
    Set<String> ids = new HashSet<>();
    List<String> texts = new ArrayList<>();
    List<List<Chunker.Chunk>> chunked = new ArrayList<>();
    List<String> metadata = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      NewDocument document = documents.get(i);
      String at = "documents[" + i + "]";
      NewDocument.checkId(document.id(), at + ".id");
      if (!ids.add(document.id())) {
        throw CollectionException.invalid(at + ".id", "document id '" + document.id() + "' appears twice in one add");
      }
      if (document.text() == null || document.text().isBlank()) {
        throw CollectionException.invalid(at + ".text", "document '" + document.id() + "' has no text");
      }
      metadata.add(MetadataJson.write(document.metadata(), at + ".metadata"));
      List<Chunker.Chunk> chunks = chunker.split(document.text());
      chunked.add(chunks);
      chunks.forEach(c -> texts.add(c.text()));
    }
    List<Embedding> embeddings = embed(texts, embedder);
    Map<String, List<VectorIndex.Entry>> entries = new LinkedHashMap<>();
    int next = 0;
    int truncated = 0;
    for (int i = 0; i < documents.size(); i++) {
      NewDocument document = documents.get(i);
      List<VectorIndex.Entry> chunks = new ArrayList<>();
      for (Chunker.Chunk chunk : chunked.get(i)) {
        Embedding embedding = embeddings.get(next++);
        if (embedding.truncated()) truncated++;
        chunks.add(new VectorIndex.Entry(document.id(), chunk.index(), chunk.text(), document.source(), metadata.get(i), now,
            embedding.vector()));
      }
      entries.put(document.id(), chunks);
    }
    Set<String> replaced = index.replace(entries);
    return new AddResult(List.copyOf(entries.keySet()), texts.size(), truncated, List.copyOf(replaced));
  }

  private List<Embedding> embed(List<String> texts, Embedder embedder) {
    List<Embedding> embeddings = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += EMBED_BATCH) {
      List<String> batch = texts.subList(from, Math.min(texts.size(), from + EMBED_BATCH));
      List<Embedding> answer = embedder.embed(batch);
      if (answer.size() != batch.size()) {
        throw new IllegalStateException("the embedder answered " + answer.size() + " vectors for " + batch.size()
            + " texts");
      }
      for (Embedding embedding : answer) checkLength(embedding);
      embeddings.addAll(answer);
    }
    return embeddings;
  }

  /**
   * Names the collection's contents: it changes with every add or removal that changed the index, and a collection
   * deleted and created again under the same name does not repeat an earlier one (its creation time is part of it).
   */
  String revision(long since) throws IOException {
    return settings.createdAt().toEpochMilli() + "." + index.version(since);
  }

  /** A page of the documents, by id, for a call that began at {@code since}. */
  DocumentPage documents(long since, String after, int limit) throws IOException {
    return index.documents(since, after, limit);
  }

  boolean remove(String documentId) throws IOException {
    return index.delete(documentId);
  }

  List<CollectionHit> query(String text, int k, Embedder embedder, Deadline deadline, long since) throws IOException {
    checkK(k);
    return query(embed(text, embedder, deadline), k, since);
  }

  /**
   * A query's vectors, made once and searched as often as asked: the whole text's, or one per piece of a
   * {@link LongQuery} (each chunk then scored by its nearest piece).
   *
   * @param embedder the model that made them, which the collection must still be built with when they are searched
   */
  record EmbeddedQuery(List<float[]> vectors, boolean pieces, Embedder embedder) {

    EmbeddedQuery {
      vectors = List.copyOf(vectors);
    }
  }

  /** Embeds {@code text} to be searched here, piece by piece when the model would read it from its start only. */
  EmbeddedQuery embed(String text, Embedder embedder, Deadline deadline) {
    checkEmbedder(embedder);
    if (text == null || text.isBlank()) throw CollectionException.invalid("query", "the query text is empty");
    if (!embedder.overWindow(text)) { // an embedder that cannot count first says so by truncating
      Embedding embedding = embedder.embed(List.of(text), deadline).getFirst();
      checkLength(embedding);
      if (!embedding.truncated()) return new EmbeddedQuery(List.of(embedding.vector()), false, embedder);
    }
    List<float[]> pieces = new ArrayList<>();
    for (Embedding piece : embedder.embed(LongQuery.pieces(text, embedder::overWindow), deadline)) {
      checkLength(piece);
      pieces.add(piece.vector());
    }
    return new EmbeddedQuery(pieces, true, embedder);
  }

  /** The {@code k} chunks nearest to {@code query}, embedded before ({@link #embed}), best first. */
  List<CollectionHit> query(EmbeddedQuery query, int k, long since) throws IOException {
    checkK(k);
    checkEmbedder(query.embedder()); // the collection may have been made again with another model since
    if (!query.pieces()) return index.search(query.vectors().getFirst(), k, since);
    List<List<CollectionHit>> searches = new ArrayList<>();
    for (float[] piece : query.vectors()) searches.add(index.search(piece, k, since));
    return LongQuery.merge(searches, k);
  }

  private static void checkK(int k) {
    if (k < 1 || k > MAX_K) throw CollectionException.invalid("k", "k must be 1 to " + MAX_K + "; got " + k);
  }

  /** Refuses an embedder other than the one the collection was built with: its vectors would mean nothing here. */
  void checkEmbedder(Embedder embedder) {
    if (!settings.embeddingModel().equals(embedder.model()) || settings.dimensions() != embedder.dimensions()) {
      throw new CollectionException(CollectionException.Reason.INCOMPATIBLE, null, "collection '" + settings.name()
          + "' was built with the embedding model " + settings.embeddingModel() + " (" + settings.dimensions()
          + " dimensions), but the model here is " + embedder.model() + " (" + embedder.dimensions()
          + " dimensions): delete and re-create the collection, then add its documents again");
    }
  }

  private void checkLength(Embedding embedding) {
    if (embedding.vector().length != settings.dimensions()) {
      throw new CollectionException(CollectionException.Reason.INCOMPATIBLE, null, "the embedder made a vector of "
          + embedding.vector().length + " dimensions for collection '" + settings.name() + "', which holds "
          + settings.dimensions());
    }
  }

  /** Whether the index must be opened again before it can be used (see {@link VectorIndex#broken()}). */
  boolean broken() {
    return index.broken();
  }

  /** Says the collection, closed, was deleted (its folder moved aside): a call still using it is then told so. */
  void markDeleted() {
    deleted = true;
  }

  /** Whether the collection was closed because it was deleted. */
  boolean deleted() {
    return deleted;
  }

  @Override
  public void close() throws IOException {
    index.close();
  }
}
