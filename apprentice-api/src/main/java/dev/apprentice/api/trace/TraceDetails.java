package dev.apprentice.api.trace;

import dev.apprentice.api.retrieval.RetrievedChunk;
import java.util.List;

/**
 * What the gateway's own steps did for a call, beyond routing it.
 *
 * @param cacheSimilarity for a cache hit, 1.0 (exact) or the cosine similarity of the prompts (semantic); else null
 * @param costSavedUsd    for a cache hit, what the cached answer cost when it was made; else 0
 * @param retrieved       the chunks a {@code rag:} model inserted into the prompt, best first, with their scores
 * @param prompt          the registered prompt the call was made with, as {@code name@version}; else null
 * @param verdicts        every guardrail verdict of the call (input first, then output), in the order they were made
 * @param traceparent     the caller's W3C {@code traceparent} header when it sent a valid one (the call's span is
 *                        exported as a child of that span); else null
 * @param operation       {@value #EMBEDDINGS} for a {@code /v1/embeddings} call; null for a chat completion
 * @param skipped         the targets passed over before the one that answered (or before the call failed), in order
 * @param retrievalSkipped why a {@code rag:} model's call went without retrieval ({@value #NO_QUERY}: no user message
 *                        with text to search with; {@value #RETRIEVAL_FAILED}: the search failed, e.g. an unknown
 *                        collection; {@value #RETRIEVAL_TIMED_OUT}: the search could not finish before the call's
 *                        deadline, and the call failed); null when it retrieved, or the model has no {@code rag:}
 */
public record TraceDetails(Double cacheSimilarity, double costSavedUsd, List<RetrievedChunk> retrieved, String prompt,
    List<GuardVerdict> verdicts, String traceparent, String operation, List<SkippedTarget> skipped,
    String retrievalSkipped) {

  /** The operation of an embeddings call. */
  public static final String EMBEDDINGS = "embeddings";

  /** Why retrieval was skipped when the conversation has no user message with text (a query cannot be made). */
  public static final String NO_QUERY = "no_query";

  /** Why retrieval was skipped when the search itself failed (the call went on without context). */
  public static final String RETRIEVAL_FAILED = "failed";

  /** Why retrieval was skipped when it could not finish before the call's deadline (the call failed with a 504). */
  public static final String RETRIEVAL_TIMED_OUT = "timed_out";

  public static final TraceDetails NONE =
      new TraceDetails(null, 0, List.of(), null, List.of(), null, null, List.of(), null);

  public TraceDetails {
    retrieved = retrieved == null ? List.of() : List.copyOf(retrieved);
    verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
    skipped = skipped == null ? List.of() : List.copyOf(skipped);
  }

  /** Details of a call that retrieved, or whose model has no {@code rag:}. */
  public TraceDetails(Double cacheSimilarity, double costSavedUsd, List<RetrievedChunk> retrieved, String prompt,
      List<GuardVerdict> verdicts, String traceparent, String operation, List<SkippedTarget> skipped) {
    this(cacheSimilarity, costSavedUsd, retrieved, prompt, verdicts, traceparent, operation, skipped, null);
  }

  /** Details of a call that passed over no target. */
  public TraceDetails(Double cacheSimilarity, double costSavedUsd, List<RetrievedChunk> retrieved, String prompt,
      List<GuardVerdict> verdicts, String traceparent, String operation) {
    this(cacheSimilarity, costSavedUsd, retrieved, prompt, verdicts, traceparent, operation, List.of());
  }

  /** Details of a chat completion. */
  public TraceDetails(Double cacheSimilarity, double costSavedUsd, List<RetrievedChunk> retrieved, String prompt,
      List<GuardVerdict> verdicts, String traceparent) {
    this(cacheSimilarity, costSavedUsd, retrieved, prompt, verdicts, traceparent, null);
  }

  /** Details of an embeddings call that passed over no target. */
  public static TraceDetails embeddings(String traceparent, List<GuardVerdict> verdicts) {
    return embeddings(traceparent, verdicts, List.of());
  }

  /**
   * Details of an embeddings call: the caller's trace context (or null), the guardrails' verdicts and the targets
   * passed over.
   */
  public static TraceDetails embeddings(String traceparent, List<GuardVerdict> verdicts, List<SkippedTarget> skipped) {
    return new TraceDetails(null, 0, List.of(), null, verdicts, traceparent, EMBEDDINGS, skipped, null);
  }

  /** Details of a call its caller did not place in a distributed trace. */
  public TraceDetails(Double cacheSimilarity, double costSavedUsd, List<RetrievedChunk> retrieved, String prompt,
      List<GuardVerdict> verdicts) {
    this(cacheSimilarity, costSavedUsd, retrieved, prompt, verdicts, null);
  }

  /** Details of a call made without a registered prompt that no guardrail looked at. */
  public TraceDetails(Double cacheSimilarity, double costSavedUsd, List<RetrievedChunk> retrieved) {
    this(cacheSimilarity, costSavedUsd, retrieved, null, List.of());
  }

  /** Details of a call no guardrail looked at. */
  public TraceDetails(Double cacheSimilarity, double costSavedUsd, List<RetrievedChunk> retrieved, String prompt) {
    this(cacheSimilarity, costSavedUsd, retrieved, prompt, List.of());
  }

  /** True when nothing beyond routing happened (the same as {@link #NONE}). */
  public boolean isNone() {
    return cacheSimilarity == null && costSavedUsd == 0 && retrieved.isEmpty() && prompt == null && verdicts.isEmpty()
        && traceparent == null && operation == null && skipped.isEmpty() && retrievalSkipped == null;
  }

  /** True for a {@code /v1/embeddings} call. */
  public boolean isEmbeddings() {
    return EMBEDDINGS.equals(operation);
  }
}
