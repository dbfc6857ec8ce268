/**
 * Evaluation metrics that score a hypothesis against its references: sacreBLEU's BLEU, chrF and TER, rouge-score's
 * ROUGE, and SQuAD's exact match and F1, each re-implemented to give the reference implementation's numbers. Metrics
 * are made by name from a {@link dev.apprentice.eval.metric.MetricRegistry}, with settings under the reference
 * implementations' parameter names.
 */
package dev.apprentice.eval.metric;
