package dev.apprentice.eval.metric.rouge;

import dev.apprentice.eval.metric.Metric;
import dev.apprentice.eval.metric.References;
import dev.apprentice.eval.metric.Score;
import dev.apprentice.eval.metric.Settings;
import dev.apprentice.eval.metric.text.NGramCounts;
import dev.apprentice.eval.metric.text.Vocabulary;
import java.util.List;
import java.util.Set;

/**
 * One rouge-score ROUGE type: {@code rouge1}..{@code rouge9} (n-gram overlap), {@code rougeL} (longest common
 * subsequence over the whole text) or {@code rougeLsum} (summary-level union LCS over newline-separated sentences).
 * With several references it keeps the one with the best F-measure, as {@code score_multi} does. The only setting is
 * {@code use_stemmer} (default false).
 */
public final class Rouge implements Metric {

  public static final Set<String> SETTING_NAMES = Set.of("use_stemmer");

  private final String type;
  private final int n;
  private final RougeTokenizer tokenizer;

  public Rouge(String type, boolean useStemmer) {
    this.type = type;
    this.n = ngramOrder(type);
    this.tokenizer = new RougeTokenizer(useStemmer);
  }

  public static Rouge from(String type, Settings settings) {
    return new Rouge(type, settings.bool("use_stemmer", false));
  }

  private static int ngramOrder(String type) {
    if (type.equals("rougeL") || type.equals("rougeLsum")) return 0;
    if (type.matches("rouge[1-9]")) return type.charAt(5) - '0';
    throw new IllegalArgumentException("invalid rouge type '" + type + "'");
  }

  @Override
  public String name() {
    return type;
  }

  /** {@code references} are rouge-score's targets, {@code hypothesis} its prediction. */
  @Override
  public Score score(String hypothesis, List<String> references) {
    References.require(references);
    Score.PrecisionRecall best = null;
    if (type.equals("rougeLsum")) {
      for (String target : references) best = better(best, RougeLsum.score(target, hypothesis, tokenizer));
      return best;
    }
    Vocabulary vocabulary = new Vocabulary();
    int[] prediction = vocabulary.ids(tokenizer.tokens(hypothesis));
    NGramCounts predictionNGrams = n > 0 ? NGramCounts.of(prediction, n, n) : null;
    for (String target : references) {
      int[] tokens = vocabulary.ids(tokenizer.tokens(target));
      best = better(best, n > 0 ? ngrams(NGramCounts.of(tokens, n, n), predictionNGrams) : lcs(tokens, prediction));
    }
    return best;
  }

  private static Score.PrecisionRecall better(Score.PrecisionRecall best, Score.PrecisionRecall candidate) {
    return best == null || candidate.fmeasure() > best.fmeasure() ? candidate : best;
  }

  private static Score.PrecisionRecall ngrams(NGramCounts target, NGramCounts prediction) {
    double overlap = target.overlap(prediction);
    return Score.PrecisionRecall.of(overlap / Math.max(prediction.total(), 1), overlap / Math.max(target.total(), 1));
  }

  private static Score.PrecisionRecall lcs(int[] target, int[] prediction) {
    if (target.length == 0 || prediction.length == 0) return new Score.PrecisionRecall(0, 0, 0);
    double length = Lcs.length(target, prediction);
    return Score.PrecisionRecall.of(length / prediction.length, length / target.length);
  }
}
