package dev.apprentice.api.cache;

import dev.apprentice.api.retrieval.RetrievedChunk;
import java.util.List;

/**
 * An answer to keep.
 *
 * @param response       the chat completion as JSON (for a stream, the assembled completion)
 * @param costUsd        what producing it cost, reported as the saving on each later hit
 * @param servedBy       {@code provider/upstream-model} that produced it, or null when unknown
 * @param privacyChecked true when the answer was found to hold no private value its request (and the passages its
 *                       retrieval put into the prompt) did not send, and its last user turn none at all, before it was
 *                       kept by meaning; a semantic hit on such an entry is not read for them again
 * @param retrieved      the chunks a {@code rag:} model's retrieval put into the prompt the answer was made from, as
 *                       they went in (after the guard's reading of them), best first; empty for any other answer. A
 *                       hit skips retrieval: these are what its answer counts as sent besides the request, and what
 *                       its trace lists. Bounded by the model's {@code rag: k} (at most 50) and its collection's
 *                       chunk size (at most 20,000 characters)
 */
public record CachedAnswer(String response, double costUsd, String servedBy, boolean privacyChecked,
    List<RetrievedChunk> retrieved) {

  public CachedAnswer {
    retrieved = retrieved == null ? List.of() : List.copyOf(retrieved);
  }

  /** An answer whose producer is not recorded. */
  public CachedAnswer(String response, double costUsd) {
    this(response, costUsd, null, false);
  }

  /** An answer not checked for private values. */
  public CachedAnswer(String response, double costUsd, String servedBy) {
    this(response, costUsd, servedBy, false);
  }

  /** An answer made without retrieval. */
  public CachedAnswer(String response, double costUsd, String servedBy, boolean privacyChecked) {
    this(response, costUsd, servedBy, privacyChecked, List.of());
  }
}
