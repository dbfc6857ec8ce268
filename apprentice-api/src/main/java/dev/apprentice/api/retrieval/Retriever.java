package dev.apprentice.api.retrieval;

import dev.apprentice.api.Deadline;
import java.util.List;

/** Finds the chunks of a collection nearest in meaning to a query. */
public interface Retriever {

  /**
   * The {@code k} best chunks, best first.
   *
   * @throws IllegalArgumentException when the collection does not exist
   */
  List<RetrievedChunk> retrieve(String collection, String query, int k);

  /**
   * As {@link #retrieve(String, String, int)} for a call that can wait only until {@code deadline}: the query's
   * embedding is waited for that long at most, and given up (out of the embedding model's queue) when it passes or the
   * caller leaves. By default the search does not wait on anything the deadline bounds.
   *
   * @throws dev.apprentice.api.DeadlineExceededException when the query could not be embedded in time
   * @throws java.util.concurrent.CancellationException   when the caller left meanwhile
   */
  default List<RetrievedChunk> retrieve(String collection, String query, int k, Deadline deadline) {
    return retrieve(collection, query, k);
  }

  /**
   * As {@link #retrieve(String, String, int, Deadline)} for a call that began at {@code since} (a
   * {@link System#nanoTime} value): the search sees every change made to the collection before then, and need not
   * look for later ones again when it looked after then already (reading the {@link #revision} for the same call).
   * By default {@code since} is not used.
   */
  default List<RetrievedChunk> retrieve(String collection, String query, int k, Deadline deadline, long since) {
    return retrieve(collection, query, k, deadline);
  }

  /**
   * A name for the collection's current contents that changes whenever they do, so that answers made from older
   * contents can be told apart (the response cache keys a retrieving model's answers by it); null when unknown.
   *
   * @throws IllegalArgumentException when the collection does not exist
   */
  default String revision(String collection) {
    return null;
  }
}
