package dev.apprentice.api.cache;

/**
 * What the cache holds and how lookups went since start.
 *
 * @param entries      live entries
 * @param exactHits    lookups answered by the exact tier
 * @param semanticHits lookups answered by the semantic tier
 * @param misses       lookups that found nothing
 */
public record CacheStats(long entries, long exactHits, long semanticHits, long misses) {}
