/** Evaluation datasets: items read from JSONL or CSV files behind {@link dev.apprentice.eval.dataset.DatasetSource}. */
package dev.apprentice.eval.dataset;
