package dev.apprentice.local.collection;

import java.time.Instant;
import java.util.Map;

/**
 * A chunk found by a query.
 *
 * @param documentId the document it belongs to
 * @param chunkId    {@code documentId#n}
 * @param text       the chunk's text
 * @param source     where the document came from, or null
 * @param metadata   the document's metadata, or null
 * @param addedAt    when the document was added
 * @param score      cosine similarity to the query, in [-1, 1]
 */
public record CollectionHit(String documentId, String chunkId, String text, String source, Map<String, Object> metadata,
    Instant addedAt, double score) {}
