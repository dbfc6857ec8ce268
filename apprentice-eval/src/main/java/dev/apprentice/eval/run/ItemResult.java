package dev.apprentice.eval.run;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.eval.metric.Measurement;
import java.util.Map;

/**
 * What one variant did with one dataset item.
 *
 * @param itemIndex    the item's index in the dataset
 * @param output       the model's answer ("" when the call failed)
 * @param metrics      each suite metric's measurement, by metric name (empty when the item failed)
 * @param latencyMs    the call's latency as the client saw it
 * @param costUsd      the call's cost as the gateway priced it
 * @param judgeCostUsd what scoring the item cost (LLM-judge calls)
 * @param judgeTokens  tokens the scoring used
 * @param traceId      the gateway's trace id of the call
 * @param error        why the item failed (its call, or scoring its answer: then output and costs are kept), null
 *                     when it succeeded
 * @param callStatus   the HTTP status of the gateway's error answer when the call failed with one ({@code 400}: the
 *                     request itself was refused), else 0
 */
public record ItemResult(String runId, String variant, int itemIndex, String output, Map<String, Measurement> metrics,
    double latencyMs, int inputTokens, int outputTokens, double costUsd, double judgeCostUsd, long judgeTokens,
    String traceId, String error, int callStatus) {

  public ItemResult {
    output = output == null ? "" : output;
    metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
  }

  /** A result whose call got no error answer: one that succeeded, or whose scoring failed. */
  public ItemResult(String runId, String variant, int itemIndex, String output, Map<String, Measurement> metrics,
      double latencyMs, int inputTokens, int outputTokens, double costUsd, double judgeCostUsd, long judgeTokens,
      String traceId, String error) {
    this(runId, variant, itemIndex, output, metrics, latencyMs, inputTokens, outputTokens, costUsd, judgeCostUsd,
        judgeTokens, traceId, error, 0);
  }

  /**
   * The error of a call the gateway answered with an error ({@code status} not 0): its code, {@code ": "}, its
   * message, so that {@link #errorMessage} gives the message back exactly, whatever it starts with. A code the answer
   * did not give (the gateway's {@code invalid_request_error} has none), or that could not be told from the message
   * (one with a colon or a space in it), is written {@code http_<status>}, as for an answer without the error shape.
   * A failure without an error answer keeps its code, when it has one, before its message.
   */
  public static String callError(String code, String message, int status) {
    boolean plain = code != null && !code.isBlank()
        && code.chars().noneMatch(c -> c == ':' || Character.isWhitespace(c));
    if (status != 0 && !plain) code = "http_" + status;
    return (code == null ? "" : code + ": ") + message;
  }

  /**
   * The message of the gateway's error answer, as it said it, without the code {@link #callError} put before it; for
   * an error without an error answer ({@code callStatus} 0: no answer, a failed scoring), the error; null when the
   * item succeeded.
   */
  public String errorMessage() {
    if (error == null || callStatus == 0) return error;
    int colon = error.indexOf(": ");
    return colon < 0 ? error : error.substring(colon + 2);
  }

  /**
   * True when the gateway refused the call's request itself as invalid (HTTP 400), e.g. for a parameter's value; not
   * for {@code request_over_budget}, the other 400, which is a refusal for a budget ({@link #refusedForBudget}).
   */
  public boolean requestRefused() {
    return error != null && callStatus == 400 && !refusedForBudget();
  }

  public boolean succeeded() {
    return error == null;
  }

  /**
   * True when the gateway refused the call for a key's or tenant's budget ({@code budget_exceeded}, or
   * {@code request_over_budget}: more than a whole budget): no model was asked, the item was skipped for the budget
   * rather than failed by the setup (docs/evaluation.md, "Who a run calls as").
   */
  public boolean refusedForBudget() {
    return hasCode(ErrorCode.BUDGET_EXCEEDED) || hasCode(ErrorCode.REQUEST_OVER_BUDGET);
  }

  /**
   * True when the gateway refused the call for a key's or tenant's limits: a budget ({@link #refusedForBudget}), or a
   * rate or concurrency limit ({@code rate_limit_exceeded}). No model was asked, so the item was not run: it says
   * nothing of the model nor of the item, and a report counts it apart from the failed items.
   */
  public boolean refusedByLimits() {
    return refusedForBudget() || refusedForRateLimit();
  }

  /**
   * True when the gateway refused the call for a rate or concurrency limit ({@code rate_limit_exceeded}), after the
   * runner waited as the refusals asked.
   */
  public boolean refusedForRateLimit() {
    return hasCode(ErrorCode.RATE_LIMIT_EXCEEDED);
  }

  /** True when the item's call failed with an error of {@code code} ({@link #callError}'s {@code code: message}). */
  private boolean hasCode(ErrorCode code) {
    return error != null && error.startsWith(code.code() + ": ");
  }

  /**
   * This result as a failed one, its answer and costs kept and its measurements dropped, as for an item whose scoring
   * failed ({@code error} says how).
   */
  public ItemResult failedScoring(String error) {
    return new ItemResult(runId, variant, itemIndex, output, Map.of(), latencyMs, inputTokens, outputTokens, costUsd,
        judgeCostUsd, judgeTokens, traceId, error);
  }

  /** Everything the item cost: the call and its scoring. */
  public double totalCostUsd() {
    return costUsd + judgeCostUsd;
  }
}
