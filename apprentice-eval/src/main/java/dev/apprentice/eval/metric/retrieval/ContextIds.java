package dev.apprentice.eval.metric.retrieval;

import java.util.Collection;

/** Whether a retrieved chunk is one of the gold context ids: its chunk id, or its document id, is listed. */
final class ContextIds {

  private ContextIds() {}

  /** @param chunkId a chunk id, {@code documentId#n} */
  static boolean relevant(String chunkId, Collection<String> gold) {
    if (gold.contains(chunkId)) return true;
    int hash = chunkId.lastIndexOf('#');
    return hash > 0 && gold.contains(chunkId.substring(0, hash));
  }

  /** Whether a gold id (a chunk or a document id) was found among the retrieved chunk ids. */
  static boolean found(String goldId, Collection<String> retrieved) {
    for (String chunkId : retrieved) {
      if (chunkId.equals(goldId)) return true;
      int hash = chunkId.lastIndexOf('#');
      if (hash > 0 && chunkId.substring(0, hash).equals(goldId)) return true;
    }
    return false;
  }
}
