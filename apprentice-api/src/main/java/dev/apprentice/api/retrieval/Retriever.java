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
   * The query of {@link #retrieve(String, String, int, Deadline, long)} made ready to be searched as often as the
   * caller likes, for as many chunks as it asks each time: a caller that wants more chunks after reading the first
   * (when copies of one text fill them) searches again without embedding the query again. The embedding is waited for
   * within {@code deadline} at most; the searches do not wait on it. By default each search retrieves anew.
   *
   * @throws IllegalArgumentException when the collection does not exist
   * @throws dev.apprentice.api.DeadlineExceededException when the query could not be embedded in time
   * @throws java.util.concurrent.CancellationException   when the caller left meanwhile
   */
  default Search search(String collection, String query, Deadline deadline, long since) {
    return k -> retrieve(collection, query, k, deadline, since);
  }

  /** A query ready to be searched ({@link #search}). */
  @FunctionalInterface
  interface Search {

    /** The {@code k} best chunks, best first. */
    List<RetrievedChunk> best(int k);
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
