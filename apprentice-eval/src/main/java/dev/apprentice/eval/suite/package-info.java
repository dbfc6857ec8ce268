/** Evaluation suites: the YAML file that names a dataset, the variants to compare and the metrics to score. */
package dev.apprentice.eval.suite;
