package dev.apprentice.api.cache;

import dev.apprentice.api.Deadline;
import java.util.Optional;

/**
 * Answers kept from earlier calls, found by an exact key or, in the semantic tier, by the meaning of the last user
 * turn within the same conversation context. Entries are scoped by tenant and model, expire after the policy's TTL
 * and survive restarts. Thread-safe; a lookup never throws for a miss.
 */
public interface ResponseCache extends AutoCloseable {

  /** The exact entry for the key if there is one, else (semantic mode) the nearest entry at or over the threshold. */
  Optional<CacheHit> lookup(CacheKey key, CachePolicy policy);

  /**
   * Says that a hit {@link #lookup} returned was not served (its answer held a value the request did not): the
   * lookup then counts as a miss in {@link #stats()}, not as a hit.
   */
  default void notServed(CacheHit hit) {}

  /**
   * Keeps the entry of a semantic hit that was not served for its answer ({@link #notServed}) for exact matches only:
   * it answers its own request still, but no longer paraphrases, which it would answer with the same value they did
   * not send (a paraphrase shares the entry's system prompt, earlier turns and retrieved passages, the only places
   * besides its last turn a value counts as sent from), so that the next nearest entry — the fresh answer such a call
   * leaves — serves them. Does nothing when {@code hit} names no entry ({@link CacheHit#entry}), or the entry was
   * replaced since it was found. May write to disk: not for a call's own thread.
   *
   * @param asked the key of the request the hit was refused to (the entry is in its tenant and model)
   */
  default void keepForExactMatchesOnly(CacheKey asked, CacheHit hit) {}

  /**
   * As {@link #lookup(CacheKey, CachePolicy)} for a call that can wait only until {@code deadline}: the semantic
   * tier's embedding of the prompt is waited for that long at most, and given up (out of the embedding model's queue)
   * when it passes or the caller leaves. By default the lookup does not wait on anything the deadline bounds.
   *
   * @throws dev.apprentice.api.DeadlineExceededException when there was no exact entry and the prompt could not be
   *                                                       embedded in time (the answer to the call is then kept for
   *                                                       exact matches only)
   * @throws java.util.concurrent.CancellationException   when the caller left while the prompt was being embedded
   */
  default Optional<CacheHit> lookup(CacheKey key, CachePolicy policy, Deadline deadline) {
    return lookup(key, policy);
  }

  /** Keeps an answer under the key; may evict the oldest entries of the model past the policy's size. */
  void store(CacheKey key, CachedAnswer answer, CachePolicy policy);

  /**
   * Entry counts and lookup outcomes since start.
   *
   * @throws java.io.UncheckedIOException saying why, when the entries cannot be counted (the cache's storage cannot
   *                                      be read): never a count of 0 for a cache that is not known to be empty
   */
  CacheStats stats();

  /** Removes entries; a null tenant or model matches all. Returns how many were removed. */
  long clear(String tenant, String model);

  @Override
  void close();
}
