package dev.apprentice.api.cache;

import dev.apprentice.api.retrieval.RetrievedChunk;
import java.util.List;

/**
 * An answer to keep.
 *
 * @param response       the chat completion as JSON (for a stream, the assembled completion)
 * @param costUsd        what producing it cost, reported as the saving on each later hit
 * @param servedBy       {@code provider/upstream-model} that produced it, or null when unknown
 * @param privacyCheck   the identity of the private-value check the answer passed before it was kept by meaning (a
 *                       short fingerprint of the settings that decided it), or null when it was not checked or did not
 *                       pass; passing means it holds no private value its request (and the passages its retrieval put
 *                       into the prompt) did not send, and its last user turn none at all. A semantic hit on an entry
 *                       checked under the asking model's current settings is not read for them again
 * @param retrieved      the chunks a {@code rag:} model's retrieval put into the prompt the answer was made from, as
 *                       they went in (after the guard's reading of them), best first; empty for any other answer. A
 *                       hit skips retrieval: these are what its answer counts as sent besides the request, and what
 *                       its trace lists. Bounded by the model's {@code rag: k} (at most 50) and its collection's
 *                       chunk size (at most 20,000 characters)
 */
public record CachedAnswer(String response, double costUsd, String servedBy, String privacyCheck,
    List<RetrievedChunk> retrieved) {

  public CachedAnswer {
    retrieved = retrieved == null ? List.of() : List.copyOf(retrieved);
  }

  /** An answer whose producer is not recorded. */
  public CachedAnswer(String response, double costUsd) {
    this(response, costUsd, null, null);
  }

  /** An answer not checked for private values. */
  public CachedAnswer(String response, double costUsd, String servedBy) {
    this(response, costUsd, servedBy, null);
  }

  /** An answer made without retrieval. */
  public CachedAnswer(String response, double costUsd, String servedBy, String privacyCheck) {
    this(response, costUsd, servedBy, privacyCheck, List.of());
  }
}
