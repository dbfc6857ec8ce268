package dev.apprentice.local.collection;

import java.util.List;

/**
 * What one add did.
 *
 * @param documentIds the ids added or replaced, in request order
 * @param chunks      the chunks indexed for them
 * @param truncated   chunks longer than the embedding model's window, embedded from their start only
 */
public record AddResult(List<String> documentIds, int chunks, int truncated) {

  public AddResult {
    documentIds = List.copyOf(documentIds);
  }
}
