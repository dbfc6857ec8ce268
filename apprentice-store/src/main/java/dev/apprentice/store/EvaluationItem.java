package dev.apprentice.store;

/**
 * One stored item result of an evaluation run: what one variant answered for one dataset item, its metric values
 * (JSON, written and read by the evaluation module), latency, tokens, cost and trace id, or the error of its call.
 */
public record EvaluationItem(String runId, String variant, int itemIndex, String output, String metricsJson,
    double latencyMs, int inputTokens, int outputTokens, double costUsd, double judgeCostUsd, long judgeTokens,
    String traceId, String error) {}
