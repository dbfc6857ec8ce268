/** Evaluation: metrics, suites, statistics and reports. */
package dev.apprentice.eval;
