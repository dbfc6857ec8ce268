/**
 * Statistics for evaluation reports: bootstrap intervals, the paired bootstrap interval and the paired randomization
 * test, percentiles, Pareto frontiers.
 */
package dev.apprentice.eval.stats;
