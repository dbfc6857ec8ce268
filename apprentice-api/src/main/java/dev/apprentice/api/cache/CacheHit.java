package dev.apprentice.api.cache;

import dev.apprentice.api.retrieval.RetrievedChunk;
import java.time.Instant;
import java.util.List;

/**
 * A cached answer found for a request.
 *
 * @param response   the chat completion as JSON
 * @param tier       which tier found it
 * @param similarity 1.0 for exact hits, else the cosine similarity of the prompts
 * @param costUsd    what the answer cost when it was made (the saving)
 * @param storedAt   when it was stored
 * @param servedBy   {@code provider/upstream-model} that produced the answer, or null for an entry kept without it
 * @param privacyCheck the identity of the private-value check the entry's answer passed as it was kept
 *                   ({@link CachedAnswer#privacyCheck}); null for one kept without it, or before the check's identity
 *                   was recorded
 * @param retrieved  the chunks the answer was made from ({@link CachedAnswer#retrieved}); empty for an answer made
 *                   without retrieval, or kept before they were recorded
 * @param entry      the exact key ({@link CacheKey#exact}) the entry that answered is kept under, in the asking key's
 *                   tenant and model: the asking request's own on an exact hit, another's on a semantic one; null
 *                   when the cache does not name its entries
 */
public record CacheHit(String response, Tier tier, double similarity, double costUsd, Instant storedAt,
    String servedBy, String privacyCheck, List<RetrievedChunk> retrieved, String entry) {

  public CacheHit {
    retrieved = retrieved == null ? List.of() : List.copyOf(retrieved);
  }

  /** A hit whose entry is not named. */
  public CacheHit(String response, Tier tier, double similarity, double costUsd, Instant storedAt, String servedBy,
      String privacyCheck, List<RetrievedChunk> retrieved) {
    this(response, tier, similarity, costUsd, storedAt, servedBy, privacyCheck, retrieved, null);
  }

  /** A hit on an entry not checked for private values. */
  public CacheHit(String response, Tier tier, double similarity, double costUsd, Instant storedAt, String servedBy) {
    this(response, tier, similarity, costUsd, storedAt, servedBy, null);
  }

  /** A hit on an entry whose answer was made without retrieval. */
  public CacheHit(String response, Tier tier, double similarity, double costUsd, Instant storedAt, String servedBy,
      String privacyCheck) {
    this(response, tier, similarity, costUsd, storedAt, servedBy, privacyCheck, List.of());
  }

  /**
   * True when the entry's answer passed {@code check}, the private-value check the asking model's calls get now; an
   * entry checked under other settings (or not at all) is to be read again before it is served by meaning.
   */
  public boolean checkedBy(String check) {
    return privacyCheck != null && privacyCheck.equals(check);
  }

  /** The tier that answered; {@link #label()} is the {@code x-apprentice-cache} value. */
  public enum Tier {
    EXACT, SEMANTIC;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
