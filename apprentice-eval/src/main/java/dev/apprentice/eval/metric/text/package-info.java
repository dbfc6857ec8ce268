/** Text helpers shared by the metrics: Python's string semantics, token ids and n-gram counts. */
package dev.apprentice.eval.metric.text;
