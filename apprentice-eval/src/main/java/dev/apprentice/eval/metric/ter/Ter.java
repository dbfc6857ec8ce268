package dev.apprentice.eval.metric.ter;

import dev.apprentice.eval.metric.CorpusMetric;
import dev.apprentice.eval.metric.References;
import dev.apprentice.eval.metric.Score;
import dev.apprentice.eval.metric.Settings;
import dev.apprentice.eval.metric.text.PythonText;
import dev.apprentice.eval.metric.text.Vocabulary;
import java.util.List;

/**
 * sacreBLEU's TER on the 0-100 scale (lower is better; it can exceed 100): edits divided by reference words. Each
 * sentence takes the fewest edits over its references and the mean reference length; a corpus sums both.
 */
public final class Ter implements CorpusMetric {

  private final TercomTokenizer tokenizer;

  public Ter(TerSettings settings) {
    this.tokenizer = new TercomTokenizer(settings);
  }

  public static Ter from(Settings settings) {
    return new Ter(TerSettings.from(settings));
  }

  @Override
  public String name() {
    return "ter";
  }

  @Override
  public Score score(String hypothesis, List<String> references) {
    double[] statistics = statistics(hypothesis, references);
    return Score.of(rate(statistics[0], statistics[1]));
  }

  @Override
  public Score corpusScore(List<String> hypotheses, List<List<String>> references) {
    References.requireEach(references, hypotheses.size());
    double edits = 0;
    double refLength = 0;
    for (int i = 0; i < hypotheses.size(); i++) {
      double[] statistics = statistics(hypotheses.get(i), references.get(i));
      edits += statistics[0];
      refLength += statistics[1];
    }
    return Score.of(rate(edits, refLength));
  }

  /** The fewest edits over the references, and the mean reference length in words. */
  public double[] statistics(String hypothesis, List<String> references) {
    References.require(references);
    Vocabulary vocabulary = new Vocabulary();
    int[] hyp = vocabulary.ids(words(hypothesis));
    long bestEdits = Long.MAX_VALUE;
    long refLengths = 0;
    for (String reference : references) {
      TranslationEditRate.Edits edits = TranslationEditRate.of(hyp, vocabulary.ids(words(reference)));
      refLengths += edits.refLength();
      bestEdits = Math.min(bestEdits, edits.edits());
    }
    return new double[] {bestEdits, (double) refLengths / references.size()};
  }

  private List<String> words(String sentence) {
    return PythonText.split(tokenizer.tokenize(PythonText.rstrip(sentence)));
  }

  private static double rate(double edits, double refLength) {
    if (refLength > 0) return 100 * (edits / refLength);
    return edits > 0 ? 100.0 : 0.0;
  }
}
