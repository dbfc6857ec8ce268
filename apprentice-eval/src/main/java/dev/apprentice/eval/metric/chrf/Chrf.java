package dev.apprentice.eval.metric.chrf;

import dev.apprentice.eval.metric.CorpusMetric;
import dev.apprentice.eval.metric.References;
import dev.apprentice.eval.metric.Score;
import dev.apprentice.eval.metric.Settings;
import dev.apprentice.eval.metric.text.Vocabulary;
import java.util.List;

/**
 * sacreBLEU's chrF / chrF++ on the 0-100 scale. Each sentence keeps the statistics of its best reference (by
 * F-score); a corpus sums them before computing one F-score.
 */
public final class Chrf implements CorpusMetric {

  private static final double EPS = 1e-16;

  private final ChrfSettings settings;

  public Chrf(ChrfSettings settings) {
    this.settings = settings;
  }

  public static Chrf from(Settings settings) {
    return new Chrf(ChrfSettings.from(settings));
  }

  @Override
  public String name() {
    return "chrf";
  }

  @Override
  public Score score(String hypothesis, List<String> references) {
    return Score.of(fScore(statistics(hypothesis, references)));
  }

  @Override
  public Score corpusScore(List<String> hypotheses, List<List<String>> references) {
    References.requireEach(references, hypotheses.size());
    long[] sum = new long[3 * settings.order()];
    for (int i = 0; i < hypotheses.size(); i++) {
      long[] one = statistics(hypotheses.get(i), references.get(i));
      for (int k = 0; k < sum.length; k++) sum[k] += one[k];
    }
    return Score.of(fScore(sum));
  }

  /** The [hypothesis, reference, match] counts per order against the reference with the best F-score. */
  public long[] statistics(String hypothesis, List<String> references) {
    References.require(references);
    Vocabulary words = new Vocabulary();
    ChrfNGrams hyp = ChrfNGrams.of(hypothesis, settings, words);
    long[] best = null;
    double bestScore = -1.0;
    for (String reference : references) {
      long[] statistics = hyp.against(ChrfNGrams.of(reference, settings, words));
      double score = fScore(statistics);
      if (score > bestScore) {
        bestScore = score;
        best = statistics;
      }
    }
    return best;
  }

  /** sacreBLEU's {@code CHRF._compute_f_score}: 0-100. */
  public double fScore(long[] statistics) {
    int order = settings.order();
    double factor = settings.beta() * settings.beta();
    double score = 0;
    double avgPrecision = 0;
    double avgRecall = 0;
    int effectiveOrder = 0;
    for (int i = 0; i < order; i++) {
      long hyp = statistics[3 * i];
      long ref = statistics[3 * i + 1];
      long match = statistics[3 * i + 2];
      double precision = hyp > 0 ? (double) match / hyp : EPS;
      double recall = ref > 0 ? (double) match / ref : EPS;
      double denominator = factor * precision + recall;
      score += denominator > 0 ? (1 + factor) * precision * recall / denominator : EPS;
      if (hyp > 0 && ref > 0) {
        avgPrecision += precision;
        avgRecall += recall;
        effectiveOrder++;
      }
    }
    if (settings.epsSmoothing()) return 100 * score / order;
    if (effectiveOrder == 0) return 0.0;
    avgPrecision /= effectiveOrder;
    avgRecall /= effectiveOrder;
    if (avgPrecision + avgRecall == 0) return 0.0;
    double f = (1 + factor) * avgPrecision * avgRecall;
    f /= factor * avgPrecision + avgRecall;
    return 100 * f;
  }
}
