package dev.apprentice.api.cache;

/**
 * An answer to keep.
 *
 * @param response       the chat completion as JSON (for a stream, the assembled completion)
 * @param costUsd        what producing it cost, reported as the saving on each later hit
 * @param servedBy       {@code provider/upstream-model} that produced it, or null when unknown
 * @param privacyChecked true when the answer was found to hold no private value its request (and the passages its
 *                       retrieval put into the prompt) did not send, and its last user turn none at all, before it was
 *                       kept by meaning; a semantic hit on such an entry is not read for them again
 */
public record CachedAnswer(String response, double costUsd, String servedBy, boolean privacyChecked) {

  /** An answer whose producer is not recorded. */
  public CachedAnswer(String response, double costUsd) {
    this(response, costUsd, null, false);
  }

  /** An answer not checked for private values. */
  public CachedAnswer(String response, double costUsd, String servedBy) {
    this(response, costUsd, servedBy, false);
  }
}
