package dev.apprentice.local.collection;

import java.util.List;

/**
 * What one add did.
 *
 * @param documentIds the ids added or replaced, in request order
 * @param chunks      the chunks indexed for them
 * @param truncated   chunks longer than the embedding model's window, embedded from their start only
 * @param replacedIds the ids among them that were in the collection already, their earlier chunks replaced
 */
public record AddResult(List<String> documentIds, int chunks, int truncated, List<String> replacedIds) {

  public AddResult {
    documentIds = List.copyOf(documentIds);
    replacedIds = List.copyOf(replacedIds);
  }
}
