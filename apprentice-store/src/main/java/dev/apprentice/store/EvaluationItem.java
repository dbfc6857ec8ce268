package dev.apprentice.store;

/**
 * One stored item result of an evaluation run: what one variant answered for one dataset item, its metric values
 * (JSON, written and read by the evaluation module), latency, tokens, cost and trace id, or the error of its call
 * with the HTTP status of the error answer it got ({@code callStatus}, 0 when none).
 */
public record EvaluationItem(String runId, String variant, int itemIndex, String output, String metricsJson,
    double latencyMs, int inputTokens, int outputTokens, double costUsd, double judgeCostUsd, long judgeTokens,
    String traceId, String error, int callStatus) {

  /** An item whose call got no error answer. */
  public EvaluationItem(String runId, String variant, int itemIndex, String output, String metricsJson,
      double latencyMs, int inputTokens, int outputTokens, double costUsd, double judgeCostUsd, long judgeTokens,
      String traceId, String error) {
    this(runId, variant, itemIndex, output, metricsJson, latencyMs, inputTokens, outputTokens, costUsd, judgeCostUsd,
        judgeTokens, traceId, error, 0);
  }
}
