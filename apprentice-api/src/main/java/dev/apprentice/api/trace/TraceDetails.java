package dev.apprentice.api.trace;

import dev.apprentice.api.retrieval.LeftOutChunk;
import dev.apprentice.api.retrieval.RetrievedChunk;
import java.util.List;

/**
 * What the gateway's own steps did for a call, beyond routing it.
 *
 * @param cacheSimilarity for a cache hit, 1.0 (exact) or the cosine similarity of the prompts (semantic); else null
 * @param costSavedUsd    for a cache hit, what the cached answer cost when it was made; else 0
 * @param retrieved       the chunks a {@code rag:} model inserted into the prompt, best first, with their scores; an
 *                        empty list when its search ran and nothing went in ({@link #retrievedNothing()}); null when
 *                        no search was recorded (no {@code rag:}, or {@code retrievalSkipped} says why), which
 *                        {@link #retrieved()} reads as empty
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
 * @param semanticSkipped why a semantic cache's meaning tier was left out of the call, the exact tier alone used:
 *                        {@value #PII_IN_PROMPT}, {@value #SECRET_IN_PROMPT} (the last user turn holds a value not
 *                        replaced by a placeholder: not looked up by meaning, the answer kept for exact matches only);
 *                        {@value #PII_IN_ANSWER}, {@value #SECRET_IN_ANSWER} (the answer holds a value its request
 *                        does not: kept for exact matches only); {@value #PRIVATE_HIT} (a semantic hit's answer
 *                        holds a value this request does not: not served); {@value #CHECK_FAILED} (the check itself
 *                        failed); null when it was not left out, or the model has no semantic cache
 * @param api             the wire API the call came through when it is not its operation's own: {@value #RESPONSES}
 *                        for a chat call made through {@code /v1/responses}; null for {@code /v1/chat/completions}
 *                        (and for an embeddings call), which {@link #wireApi()} names. The operation's own API given
 *                        by name is kept as null, so that details are equal however they were made
 * @param retrievalMs     how long a {@code rag:} model's search took, in milliseconds: embedding the query (its wait
 *                        for the local model included) and searching the collection, whether it found chunks, none,
 *                        failed or ran out of time; null when no search ran (no {@code rag:}, no query, a cache hit)
 * @param leftOut         the chunks a {@code rag:} model's search found but left out of the prompt, best first, each
 *                        with why: its text went in already from a better chunk, or it would have taken the context
 *                        past the model's token budget; empty when none was (or no search ran)
 */
public record TraceDetails(Double cacheSimilarity, double costSavedUsd, List<RetrievedChunk> retrieved, String prompt,
    List<GuardVerdict> verdicts, String traceparent, String operation, List<SkippedTarget> skipped,
    String retrievalSkipped, String semanticSkipped, String api, Double retrievalMs, List<LeftOutChunk> leftOut) {

  /** The operation of an embeddings call, and the wire API it comes through ({@code /v1/embeddings}). */
  public static final String EMBEDDINGS = "embeddings";

  /** The wire API of a chat call made through {@code /v1/chat/completions} (every trace kept before APIs were). */
  public static final String CHAT_COMPLETIONS = "chat_completions";

  /** The wire API of a chat call made through {@code /v1/responses}, OpenAI's Responses API. */
  public static final String RESPONSES = "responses";

  /** Why retrieval was skipped when the conversation has no user message with text (a query cannot be made). */
  public static final String NO_QUERY = "no_query";

  /** Why retrieval was skipped when the search itself failed (the call went on without context). */
  public static final String RETRIEVAL_FAILED = "failed";

  /** The semantic tier was skipped: the last user turn holds personal data not replaced by a placeholder. */
  public static final String PII_IN_PROMPT = "pii_in_prompt";

  /** The semantic tier was skipped: the last user turn holds a secret not replaced by a placeholder. */
  public static final String SECRET_IN_PROMPT = "secret_in_prompt";

  /** The answer was kept for exact matches only: it holds personal data its request does not. */
  public static final String PII_IN_ANSWER = "pii_in_answer";

  /** The answer was kept for exact matches only: it holds a secret its request does not. */
  public static final String SECRET_IN_ANSWER = "secret_in_answer";

  /**
   * A semantic hit was not served: its answer holds a value this request does not (an entry kept by meaning before
   * such values were looked for).
   */
  public static final String PRIVATE_HIT = "private_hit";

  /** The semantic tier was skipped because the prompt or answer could not be checked for private values (a defect). */
  public static final String CHECK_FAILED = "check_failed";

  /** Why retrieval was skipped when it could not finish in its share of the call's time (the call failed with a 504). */
  public static final String RETRIEVAL_TIMED_OUT = "timed_out";

  /** Nothing beyond routing; details made part by part start here, e.g. {@code NONE.withPrompt(p).withTraceparent(t)}. */
  public static final TraceDetails NONE =
      new TraceDetails(null, 0, null, null, List.of(), null, null, List.of(), null, null, null, null, List.of());

  public TraceDetails {
    retrieved = retrieved == null ? null : List.copyOf(retrieved);
    verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
    skipped = skipped == null ? List.of() : List.copyOf(skipped);
    leftOut = leftOut == null ? List.of() : List.copyOf(leftOut);
    if (api != null && api.equals(ownApi(operation))) api = null;
  }

  /** Details of a call through its operation's own wire API, without a search's time or chunks left out of it. */
  public TraceDetails(Double cacheSimilarity, double costSavedUsd, List<RetrievedChunk> retrieved, String prompt,
      List<GuardVerdict> verdicts, String traceparent, String operation, List<SkippedTarget> skipped,
      String retrievalSkipped, String semanticSkipped) {
    this(cacheSimilarity, costSavedUsd, retrieved, prompt, verdicts, traceparent, operation, skipped,
        retrievalSkipped, semanticSkipped, null, null, List.of());
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
    return NONE.withOperation(EMBEDDINGS).withTraceparent(traceparent).withVerdicts(verdicts).withSkipped(skipped);
  }

  /** These details with a cache hit's similarity and the cost its answer saved. */
  public TraceDetails withCache(Double cacheSimilarity, double costSavedUsd) {
    return new TraceDetails(cacheSimilarity, costSavedUsd, retrieved, prompt, verdicts, traceparent, operation,
        skipped, retrievalSkipped, semanticSkipped, api, retrievalMs, leftOut);
  }

  /**
   * The chunks a {@code rag:} model inserted into the prompt, best first; empty when none went in, or when no search
   * was recorded ({@link #retrievedNothing()} tells them apart).
   */
  @Override
  public List<RetrievedChunk> retrieved() {
    return retrieved == null ? List.of() : retrieved;
  }

  /**
   * Whether a {@code rag:} model's search ran and put nothing into the prompt (an empty collection, every chunk under
   * {@code min_score}, or every chunk dropped by the input guard), which the trace shows as an empty {@code retrieved}.
   */
  public boolean retrievedNothing() {
    return retrieved != null && retrieved.isEmpty();
  }

  /**
   * These details with the chunks a {@code rag:} model's search inserted into the prompt (an empty list: it found
   * nothing to insert; null: no search recorded).
   */
  public TraceDetails withRetrieved(List<RetrievedChunk> retrieved) {
    return new TraceDetails(cacheSimilarity, costSavedUsd, retrieved, prompt, verdicts, traceparent, operation,
        skipped, retrievalSkipped, semanticSkipped, api, retrievalMs, leftOut);
  }

  /** These details with the registered prompt ({@code name@version}) the call was made with. */
  public TraceDetails withPrompt(String prompt) {
    return new TraceDetails(cacheSimilarity, costSavedUsd, retrieved, prompt, verdicts, traceparent, operation,
        skipped, retrievalSkipped, semanticSkipped, api, retrievalMs, leftOut);
  }

  /** These details with the guardrails' verdicts. */
  public TraceDetails withVerdicts(List<GuardVerdict> verdicts) {
    return new TraceDetails(cacheSimilarity, costSavedUsd, retrieved, prompt, verdicts, traceparent, operation,
        skipped, retrievalSkipped, semanticSkipped, api, retrievalMs, leftOut);
  }

  /** These details with the caller's {@code traceparent}. */
  public TraceDetails withTraceparent(String traceparent) {
    return new TraceDetails(cacheSimilarity, costSavedUsd, retrieved, prompt, verdicts, traceparent, operation,
        skipped, retrievalSkipped, semanticSkipped, api, retrievalMs, leftOut);
  }

  /** These details with the call's operation ({@value #EMBEDDINGS}, or null for a chat completion). */
  public TraceDetails withOperation(String operation) {
    return new TraceDetails(cacheSimilarity, costSavedUsd, retrieved, prompt, verdicts, traceparent, operation,
        skipped, retrievalSkipped, semanticSkipped, api, retrievalMs, leftOut);
  }

  /**
   * These details with the wire API the call came through ({@value #RESPONSES}; {@value #CHAT_COMPLETIONS} or null for
   * a chat completion).
   */
  public TraceDetails withApi(String api) {
    return new TraceDetails(cacheSimilarity, costSavedUsd, retrieved, prompt, verdicts, traceparent, operation,
        skipped, retrievalSkipped, semanticSkipped, api, retrievalMs, leftOut);
  }

  /** These details with the targets passed over. */
  public TraceDetails withSkipped(List<SkippedTarget> skipped) {
    return new TraceDetails(cacheSimilarity, costSavedUsd, retrieved, prompt, verdicts, traceparent, operation,
        skipped, retrievalSkipped, semanticSkipped, api, retrievalMs, leftOut);
  }

  /** These details with why a {@code rag:} model's call went without retrieval. */
  public TraceDetails withRetrievalSkipped(String retrievalSkipped) {
    return new TraceDetails(cacheSimilarity, costSavedUsd, retrieved, prompt, verdicts, traceparent, operation,
        skipped, retrievalSkipped, semanticSkipped, api, retrievalMs, leftOut);
  }

  /** These details with how long a {@code rag:} model's search took, in milliseconds (null: no search ran). */
  public TraceDetails withRetrievalMs(Double retrievalMs) {
    return new TraceDetails(cacheSimilarity, costSavedUsd, retrieved, prompt, verdicts, traceparent, operation,
        skipped, retrievalSkipped, semanticSkipped, api, retrievalMs, leftOut);
  }

  /** These details with the chunks a {@code rag:} model's search found but left out of the prompt, and why. */
  public TraceDetails withLeftOut(List<LeftOutChunk> leftOut) {
    return new TraceDetails(cacheSimilarity, costSavedUsd, retrieved, prompt, verdicts, traceparent, operation,
        skipped, retrievalSkipped, semanticSkipped, api, retrievalMs, leftOut);
  }

  /** These details with why the semantic cache's meaning tier was left out. */
  public TraceDetails withSemanticSkipped(String semanticSkipped) {
    return new TraceDetails(cacheSimilarity, costSavedUsd, retrieved, prompt, verdicts, traceparent, operation,
        skipped, retrievalSkipped, semanticSkipped, api, retrievalMs, leftOut);
  }

  /** True when nothing beyond routing happened (the same as {@link #NONE}). */
  public boolean isNone() {
    return cacheSimilarity == null && costSavedUsd == 0 && retrieved == null && prompt == null && verdicts.isEmpty()
        && traceparent == null && operation == null && skipped.isEmpty() && retrievalSkipped == null
        && semanticSkipped == null && api == null && retrievalMs == null && leftOut.isEmpty();
  }

  /** True for a {@code /v1/embeddings} call. */
  public boolean isEmbeddings() {
    return EMBEDDINGS.equals(operation);
  }

  /**
   * The wire API the call came through, never null: {@value #CHAT_COMPLETIONS}, {@value #RESPONSES} or
   * {@value #EMBEDDINGS}. A trace kept before the API was recorded reads as its operation's own.
   */
  public String wireApi() {
    return api != null ? api : ownApi(operation);
  }

  /** The wire API an operation has of its own: embeddings for embeddings, chat completions for chat. */
  private static String ownApi(String operation) {
    return EMBEDDINGS.equals(operation) ? EMBEDDINGS : CHAT_COMPLETIONS;
  }
}
