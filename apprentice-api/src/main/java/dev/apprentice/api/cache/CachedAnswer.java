package dev.apprentice.api.cache;

/**
 * An answer to keep.
 *
 * @param response the chat completion as JSON (for a stream, the assembled completion)
 * @param costUsd  what producing it cost, reported as the saving on each later hit
 * @param servedBy {@code provider/upstream-model} that produced it, or null when unknown
 */
public record CachedAnswer(String response, double costUsd, String servedBy) {

  /** An answer whose producer is not recorded. */
  public CachedAnswer(String response, double costUsd) {
    this(response, costUsd, null);
  }
}
