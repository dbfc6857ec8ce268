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
}
