package dev.apprentice.api.retrieval;

import java.util.Objects;

/**
 * A chunk a {@code rag:} model's search found but did not put into the prompt, and why.
 *
 * @param documentId the document it belongs to
 * @param chunkId    the chunk's id ({@code documentId#n})
 * @param score      cosine similarity to the query, in [-1, 1]
 * @param reason     {@value #DUPLICATE}: its text is that of a better chunk that went in ({@code sameAs});
 *                   {@value #CONTEXT_BUDGET}: it would have taken the context past the model's
 *                   {@code max_context_tokens}
 * @param sameAs     for a duplicate, the id of the chunk with the same text that went in; else null
 */
public record LeftOutChunk(String documentId, String chunkId, double score, String reason, String sameAs) {

  /** Left out because a better chunk with the same text went in. */
  public static final String DUPLICATE = "duplicate";

  /** Left out because it would have taken the context past the model's token budget. */
  public static final String CONTEXT_BUDGET = "context_budget";

  public LeftOutChunk {
    Objects.requireNonNull(chunkId, "chunkId");
    Objects.requireNonNull(reason, "reason");
  }

  /** {@code chunk}, left out because {@code kept}, a better chunk with the same text, went in. */
  public static LeftOutChunk duplicate(RetrievedChunk chunk, RetrievedChunk kept) {
    return new LeftOutChunk(chunk.documentId(), chunk.chunkId(), chunk.score(), DUPLICATE, kept.chunkId());
  }

  /** {@code chunk}, left out because it would have taken the context past the model's token budget. */
  public static LeftOutChunk overBudget(RetrievedChunk chunk) {
    return new LeftOutChunk(chunk.documentId(), chunk.chunkId(), chunk.score(), CONTEXT_BUDGET, null);
  }
}
