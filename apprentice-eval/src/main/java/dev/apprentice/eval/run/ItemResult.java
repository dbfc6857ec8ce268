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

  /** True when the gateway refused the call's request itself as invalid (HTTP 400), e.g. for a parameter's value. */
  public boolean requestRefused() {
    return error != null && callStatus == 400;
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
    return error != null && (error.startsWith(ErrorCode.BUDGET_EXCEEDED.code() + ": ")
        || error.startsWith(ErrorCode.REQUEST_OVER_BUDGET.code() + ": "));
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
