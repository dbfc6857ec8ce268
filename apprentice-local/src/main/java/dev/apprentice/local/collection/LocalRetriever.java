package dev.apprentice.local.collection;

import dev.apprentice.api.Deadline;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.api.retrieval.Retriever;
import java.util.List;

/** Retrieval from the collections of this data directory. An unknown collection is a {@link CollectionException}. */
public final class LocalRetriever implements Retriever {

  private final Collections collections;

  public LocalRetriever(Collections collections) {
    this.collections = collections;
  }

  @Override
  public List<RetrievedChunk> retrieve(String collection, String query, int k) {
    return retrieve(collection, query, k, Deadline.NONE);
  }

  /** The query's embedding is waited for within {@code deadline}, and leaves the model's queue once it passes. */
  @Override
  public List<RetrievedChunk> retrieve(String collection, String query, int k, Deadline deadline) {
    return retrieve(collection, query, k, deadline, System.nanoTime());
  }

  /** As {@link Collections#query(String, String, int, Deadline, long)}. */
  @Override
  public List<RetrievedChunk> retrieve(String collection, String query, int k, Deadline deadline, long since) {
    return chunks(collection, collections.query(collection, query, k, deadline, since));
  }

  /** The query embedded once, now; each search looks through the index again with the same vectors. */
  @Override
  public Search search(String collection, String query, Deadline deadline, long since) {
    VectorCollection.EmbeddedQuery embedded = collections.embed(collection, query, deadline, since);
    return k -> chunks(collection, collections.query(collection, embedded, k, since));
  }

  private static List<RetrievedChunk> chunks(String collection, List<CollectionHit> hits) {
    return hits.stream()
        .map(hit -> new RetrievedChunk(collection, hit.documentId(), hit.chunkId(), hit.text(), hit.score()))
        .toList();
  }

  @Override
  public String revision(String collection) {
    return collections.revision(collection);
  }
}
