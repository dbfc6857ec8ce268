package dev.apprentice.eval.metric.qa;

import dev.apprentice.eval.metric.Metric;
import dev.apprentice.eval.metric.References;
import dev.apprentice.eval.metric.Score;
import dev.apprentice.eval.metric.text.NGramCounts;
import dev.apprentice.eval.metric.text.PythonText;
import dev.apprentice.eval.metric.text.Vocabulary;
import java.util.List;

/**
 * SQuAD token F1 on 0-100, the best over the references: the harmonic mean of token precision and recall of the
 * normalized answers (bag of words). As in T5, an answer with no token in common scores 0, even when both are empty.
 * No settings.
 */
public final class SquadF1 implements Metric {

  @Override
  public String name() {
    return "squad_f1";
  }

  @Override
  public Score score(String hypothesis, List<String> references) {
    References.require(references);
    Vocabulary vocabulary = new Vocabulary();
    int[] answer = vocabulary.ids(PythonText.split(SquadNormalizer.normalize(hypothesis)));
    NGramCounts answerTokens = NGramCounts.of(answer, 1, 1);
    double best = 0;
    for (String reference : references) {
      int[] target = vocabulary.ids(PythonText.split(SquadNormalizer.normalize(reference)));
      long same = answerTokens.overlap(NGramCounts.of(target, 1, 1));
      if (same == 0) continue;
      double precision = (double) same / answer.length;
      double recall = (double) same / target.length;
      best = Math.max(best, 2 * precision * recall / (precision + recall));
    }
    return Score.of(100 * best);
  }
}
