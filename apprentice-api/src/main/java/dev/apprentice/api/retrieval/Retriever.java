package dev.apprentice.api.retrieval;

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
   * A name for the collection's current contents that changes whenever they do, so that answers made from older
   * contents can be told apart (the response cache keys a retrieving model's answers by it); null when unknown.
   *
   * @throws IllegalArgumentException when the collection does not exist
   */
  default String revision(String collection) {
    return null;
  }
}
