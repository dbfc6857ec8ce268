/** Statistics for evaluation reports: bootstrap intervals, the paired bootstrap test, percentiles, Pareto frontiers. */
package dev.apprentice.eval.stats;
