package dev.apprentice.eval.metric.bleu;

import dev.apprentice.eval.metric.CorpusMetric;
import dev.apprentice.eval.metric.References;
import dev.apprentice.eval.metric.Score;
import dev.apprentice.eval.metric.Settings;
import dev.apprentice.eval.metric.text.NGram;
import dev.apprentice.eval.metric.text.NGramCounts;
import dev.apprentice.eval.metric.text.PythonText;
import dev.apprentice.eval.metric.text.Vocabulary;
import java.util.List;
import java.util.Map;

/**
 * sacreBLEU's BLEU on the 0-100 scale. A corpus score sums the statistics of all sentences; a sentence score is the
 * same computation on one sentence, with effective order on unless the settings turn it off ({@code sentence_bleu}).
 */
public final class Bleu implements CorpusMetric {

  private final BleuSettings settings;

  public Bleu(BleuSettings settings) {
    this.settings = settings;
  }

  public static Bleu from(Settings settings) {
    return new Bleu(BleuSettings.from(settings));
  }

  public BleuSettings settings() {
    return settings;
  }

  @Override
  public String name() {
    return "bleu";
  }

  @Override
  public Score score(String hypothesis, List<String> references) {
    return Score.of(details(statistics(hypothesis, references), true).score());
  }

  @Override
  public Score corpusScore(List<String> hypotheses, List<List<String>> references) {
    return Score.of(details(corpusStatistics(hypotheses, references), false).score());
  }

  /** The score and sacreBLEU's details of some statistics, for one sentence or for a corpus. */
  public BleuScore details(BleuStatistics statistics, boolean sentence) {
    return BleuFormula.compute(statistics, settings.smoothMethod(), settings.smoothValue(),
        settings.effectiveOrder(sentence), settings.maxNgramOrder());
  }

  /** The summed statistics of a corpus; {@code references.get(i)} holds the references of hypothesis i. */
  public BleuStatistics corpusStatistics(List<String> hypotheses, List<List<String>> references) {
    References.requireEach(references, hypotheses.size());
    int maxOrder = settings.maxNgramOrder();
    long sysLen = 0;
    long refLen = 0;
    long[] correct = new long[maxOrder];
    long[] total = new long[maxOrder];
    for (int i = 0; i < hypotheses.size(); i++) {
      BleuStatistics one = statistics(hypotheses.get(i), references.get(i));
      sysLen += one.sysLen();
      refLen += one.refLen();
      long[] c = one.correct();
      long[] t = one.total();
      for (int n = 0; n < maxOrder; n++) {
        correct[n] += c[n];
        total[n] += t[n];
      }
    }
    return new BleuStatistics(sysLen, refLen, correct, total);
  }

  /**
   * The statistics of one sentence: matches clipped by the largest count of each n-gram in any reference, and the
   * length of the reference closest in length to the hypothesis (the shorter one on a tie).
   */
  public BleuStatistics statistics(String hypothesis, List<String> references) {
    References.require(references);
    int maxOrder = settings.maxNgramOrder();
    Vocabulary vocabulary = new Vocabulary();
    NGramCounts referenceCounts = null;
    int[] refLengths = new int[references.size()];
    for (int r = 0; r < references.size(); r++) {
      int[] ids = vocabulary.ids(tokens(references.get(r)));
      refLengths[r] = ids.length;
      NGramCounts counts = NGramCounts.of(ids, 1, maxOrder);
      if (referenceCounts == null) {
        referenceCounts = counts;
      } else {
        referenceCounts.keepMax(counts);
      }
    }
    int[] hyp = vocabulary.ids(tokens(hypothesis));
    long[] correct = new long[maxOrder];
    long[] total = new long[maxOrder];
    for (Map.Entry<NGram, Integer> entry : NGramCounts.of(hyp, 1, maxOrder).asMap().entrySet()) {
      int n = entry.getKey().length() - 1;
      total[n] += entry.getValue();
      correct[n] += Math.min(entry.getValue(), referenceCounts.count(entry.getKey()));
    }
    return new BleuStatistics(hyp.length, closest(hyp.length, refLengths), correct, total);
  }

  private List<String> tokens(String sentence) {
    String text = settings.lowercase() ? PythonText.lower(sentence) : sentence;
    return settings.tokenizer().tokens(PythonText.rstrip(text));
  }

  private static int closest(int hypLength, int[] refLengths) {
    int closestDiff = -1;
    int closestLen = -1;
    for (int refLen : refLengths) {
      int diff = Math.abs(hypLength - refLen);
      if (closestDiff == -1 || diff < closestDiff) {
        closestDiff = diff;
        closestLen = refLen;
      } else if (diff == closestDiff && refLen < closestLen) {
        closestLen = refLen;
      }
    }
    return closestLen;
  }
}
