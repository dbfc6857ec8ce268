package dev.apprentice.eval.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Everything the report says about one variant.
 *
 * @param items       items with a stored result
 * @param errors      items that failed: their call (the model, its provider, a request the gateway refused as
 *                    invalid) or their scoring; left out of every metric, and counted as not passing in pass rates
 * @param refusedByLimits items the gateway refused for the key's or tenant's budget or rate limit
 *                    ({@link dev.apprentice.eval.run.ItemResult#refusedByLimits}): not run, so neither the model's
 *                    failure nor the item's; left out of every metric and of pass rates, not counted in {@code errors}
 * @param metrics     each metric's result, by suite metric name
 * @param quality     the weighted overall quality on 0-1 (each metric divided by its scale, lower-is-better ones
 *                    flipped), with its interval; null when no metric has weight
 * @param costUsd     what the variant's calls cost
 * @param judgeCostUsd what scoring its items cost (LLM-judge calls)
 * @param costUsdPer1kRequests what 1,000 successful item calls of the variant cost, in USD: the mean cost of its
 *                    successful calls times 1,000 (JSON {@code cost_usd_per_1k_requests}); judge calls, failed calls
 *                    and refused ones are not in it
 * @param vsBaseline  comparisons with the baseline, by metric name (empty for the baseline itself)
 * @param onFrontier  whether the variant is on the quality-versus-cost Pareto frontier
 * @param verdict     one plain sentence
 */
public record VariantResult(String name, String model, int items, int errors, int refusedByLimits,
    Map<String, MetricResult> metrics, MetricResult quality, double costUsd, double judgeCostUsd,
    @JsonProperty("cost_usd_per_1k_requests") double costUsdPer1kRequests, double latencyP50Ms,
    double latencyP95Ms, long inputTokens, long outputTokens, Map<String, Comparison> vsBaseline, boolean onFrontier,
    String verdict) {}
