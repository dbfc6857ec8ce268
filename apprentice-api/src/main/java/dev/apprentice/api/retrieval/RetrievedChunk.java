package dev.apprentice.api.retrieval;

/**
 * A chunk of a collection's document that retrieval found for a query.
 *
 * @param collection the collection it came from
 * @param documentId the document's id in that collection
 * @param chunkId    the chunk's id ({@code documentId#n})
 * @param text       the chunk's text
 * @param score      cosine similarity to the query, in [-1, 1]
 */
public record RetrievedChunk(String collection, String documentId, String chunkId, String text, double score) {}
