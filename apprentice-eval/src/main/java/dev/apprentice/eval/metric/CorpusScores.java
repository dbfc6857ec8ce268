package dev.apprentice.eval.metric;

import java.util.List;
import java.util.Objects;

/**
 * The score of a whole corpus with any metric: a {@link CorpusMetric}'s own corpus form, otherwise the arithmetic
 * mean of the case scores (how T5 reports exact match and SQuAD F1; for ROUGE the mean of each of precision, recall
 * and F-measure).
 */
public final class CorpusScores {

  private CorpusScores() {}

  /** {@code references.get(i)} holds the references of {@code hypotheses.get(i)}. */
  public static Score score(Metric metric, List<String> hypotheses, List<List<String>> references) {
    References.requireEach(references, hypotheses.size());
    if (metric instanceof CorpusMetric corpus) return corpus.corpusScore(hypotheses, references);
    if (hypotheses.isEmpty()) throw new IllegalArgumentException("no hypotheses to score");
    double value = 0;
    double precision = 0;
    double recall = 0;
    boolean precisionRecall = false;
    for (int i = 0; i < hypotheses.size(); i++) {
      Score score = metric.score(Objects.requireNonNull(hypotheses.get(i), "hypothesis"), references.get(i));
      value += score.value();
      if (score instanceof Score.PrecisionRecall pr) {
        precisionRecall = true;
        precision += pr.precision();
        recall += pr.recall();
      }
    }
    int n = hypotheses.size();
    return precisionRecall ? new Score.PrecisionRecall(precision / n, recall / n, value / n) : Score.of(value / n);
  }
}
