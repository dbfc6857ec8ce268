/** Evaluation reports (HTML, JSON, Markdown) with bootstrap statistics, verdicts and the CI gate. */
package dev.apprentice.eval.report;
