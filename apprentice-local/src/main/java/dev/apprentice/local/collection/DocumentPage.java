package dev.apprentice.local.collection;

import java.util.List;

/**
 * One page of a collection's documents, by id.
 *
 * @param documents up to the page's limit of them, each once, in the order of their ids' UTF-8 bytes (Unicode code
 *                  point order)
 * @param hasMore   whether documents follow the last one: the next page starts after its id
 */
public record DocumentPage(List<StoredDocument> documents, boolean hasMore) {

  /** The most documents a page may hold. */
  public static final int MAX_LIMIT = 1000;

  public DocumentPage {
    documents = List.copyOf(documents);
  }
}
