package dev.apprentice.eval.report;

/**
 * A variant's result on one metric.
 *
 * @param mean     the corpus value (the mean of the item values, or the metric's own aggregate such as macro-F1)
 * @param low      lower end of the 95% bootstrap interval
 * @param high     upper end
 * @param passRate the fraction of scored and failed items that pass the threshold (a failed item does not
 *                 pass), or null without a threshold or a scored item
 * @param scored   items with a value
 * @param unscored successful calls the metric could not score (an unparsed judge answer, a missing reference)
 */
public record MetricResult(double mean, double low, double high, Double passRate, int scored, int unscored) {}
