package dev.apprentice.eval.metric.qa;

import dev.apprentice.eval.metric.Metric;
import dev.apprentice.eval.metric.References;
import dev.apprentice.eval.metric.Score;
import java.util.List;

/** SQuAD exact match: 100 when the normalized answer equals any normalized reference, else 0. No settings. */
public final class ExactMatch implements Metric {

  @Override
  public String name() {
    return "exact_match";
  }

  @Override
  public Score score(String hypothesis, List<String> references) {
    References.require(references);
    String answer = SquadNormalizer.normalize(hypothesis);
    for (String reference : references) {
      if (answer.equals(SquadNormalizer.normalize(reference))) return Score.of(100.0);
    }
    return Score.of(0.0);
  }
}
