package dev.apprentice.eval.report;

import java.util.Map;

/**
 * Everything the report says about one variant.
 *
 * @param items       items with a stored result
 * @param errors      items whose call failed (left out of every metric)
 * @param metrics     each metric's result, by suite metric name
 * @param quality     the weighted overall quality on 0-1 (each metric divided by its scale, lower-is-better ones
 *                    flipped), with its interval; null when no metric has weight
 * @param costUsd     what the variant's calls cost
 * @param judgeCostUsd what scoring its items cost (LLM-judge calls)
 * @param costPer1k   mean cost per successful request times 1,000
 * @param vsBaseline  comparisons with the baseline, by metric name (empty for the baseline itself)
 * @param onFrontier  whether the variant is on the quality-versus-cost Pareto frontier
 * @param verdict     one plain sentence
 */
public record VariantResult(String name, String model, int items, int errors, Map<String, MetricResult> metrics,
    MetricResult quality, double costUsd, double judgeCostUsd, double costPer1k, double latencyP50Ms,
    double latencyP95Ms, long inputTokens, long outputTokens, Map<String, Comparison> vsBaseline, boolean onFrontier,
    String verdict) {}
