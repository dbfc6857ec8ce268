/** SQuAD v1.1's exact match and token F1 as T5 computes them: normalized answers, best reference, 0-100. */
package dev.apprentice.eval.metric.qa;
