package dev.apprentice.eval.metric;

import java.util.List;

/**
 * A metric with its own corpus-level form: sufficient statistics summed over all sentences before the score is
 * computed, as sacreBLEU does for BLEU, chrF and TER. A corpus score is not the mean of the sentence scores.
 */
public interface CorpusMetric extends Metric {

  /**
   * The score of a corpus: {@code references.get(i)} holds the references of {@code hypotheses.get(i)} (see
   * {@link References#fromStreams} for sacreBLEU's stream orientation).
   */
  Score corpusScore(List<String> hypotheses, List<List<String>> references);
}
