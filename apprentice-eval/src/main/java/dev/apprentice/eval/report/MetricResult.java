package dev.apprentice.eval.report;

/**
 * A variant's result on one metric.
 *
 * @param mean     the corpus value (the mean of the item values, or the metric's own aggregate such as macro-F1)
 * @param low      lower end of the 95% interval (NaN when there is none: see {@code interval})
 * @param high     upper end
 * @param passRate the fraction of scored and failed items that pass the threshold (a failed item does not
 *                 pass), or null without a threshold or a scored item
 * @param scored   items with a value
 * @param unscored successful calls the metric could not score (an unparsed judge answer, a missing reference)
 * @param callsFailed the metric's own model calls that failed, over the items (an LLM judge's: a judge model that
 *                 does not exist, a spent budget); 0 for metrics that make no call
 * @param unparsed answers of the metric's own calls without a score it could read (an LLM judge's), over the items
 * @param interval how the interval was made: {@code wilson} (pass/fail metrics), {@code student_t} (other mean
 *                 metrics, the quality of several metrics that scored every item), {@code bootstrap} (percentile
 *                 bootstrap: aggregate metrics, the quality of several metrics otherwise), {@code wilson_bound}
 *                 (every item scored the same, on a bounded range), {@code none}
 */
public record MetricResult(double mean, double low, double high, Double passRate, int scored, int unscored,
    int callsFailed, int unparsed, String interval) {}
