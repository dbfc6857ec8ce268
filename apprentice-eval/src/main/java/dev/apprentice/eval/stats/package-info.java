/**
 * Statistics for evaluation reports: bootstrap intervals, Student-t and Wilson intervals, the paired bootstrap
 * interval and the paired randomization test, percentiles, Pareto frontiers.
 */
package dev.apprentice.eval.stats;
