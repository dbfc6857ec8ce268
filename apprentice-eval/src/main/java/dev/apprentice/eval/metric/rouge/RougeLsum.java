package dev.apprentice.eval.metric.rouge;

import dev.apprentice.eval.metric.Score;
import dev.apprentice.eval.metric.text.Vocabulary;
import java.util.ArrayList;
import java.util.List;

/**
 * rouge-score's summary-level ROUGE-L (Lin, 2004, section 3.2): for each target sentence the union of its LCS
 * positions with every predicted sentence, with hits clipped by token counts as in ROUGE-1.5.5.
 */
final class RougeLsum {

  private RougeLsum() {}

  static Score.PrecisionRecall score(String target, String prediction, RougeTokenizer tokenizer) {
    Vocabulary vocabulary = new Vocabulary();
    List<int[]> refSentences = sentences(target, tokenizer, vocabulary);
    List<int[]> canSentences = sentences(prediction, tokenizer, vocabulary);
    int[] refCounts = new int[16];
    int[] canCounts = new int[16];
    long m = 0;
    long n = 0;
    for (int[] sentence : refSentences) {
      m += sentence.length;
      refCounts = count(refCounts, sentence);
    }
    for (int[] sentence : canSentences) {
      n += sentence.length;
      canCounts = count(canCounts, sentence);
    }
    if (m == 0 || n == 0) return new Score.PrecisionRecall(0, 0, 0);
    long hits = 0;
    for (int[] ref : refSentences) {
      boolean[] union = new boolean[ref.length];
      for (int[] can : canSentences) {
        boolean[] positions = Lcs.positionsInRef(ref, can);
        for (int i = 0; i < ref.length; i++) union[i] |= positions[i];
      }
      for (int i = 0; i < ref.length; i++) {
        int token = ref[i];
        if (union[i] && at(canCounts, token) > 0 && at(refCounts, token) > 0) {
          hits++;
          canCounts[token]--;
          refCounts[token]--;
        }
      }
    }
    return Score.PrecisionRecall.of((double) hits / n, (double) hits / m);
  }

  /** rouge-score's {@code get_sents}: split on newlines, drop empty strings, tokenize each. */
  private static List<int[]> sentences(String text, RougeTokenizer tokenizer, Vocabulary vocabulary) {
    List<int[]> sentences = new ArrayList<>();
    for (String sentence : text.split("\n", -1)) {
      if (!sentence.isEmpty()) sentences.add(vocabulary.ids(tokenizer.tokens(sentence)));
    }
    return sentences;
  }

  private static int[] count(int[] counts, int[] tokens) {
    for (int token : tokens) {
      if (token >= counts.length) counts = java.util.Arrays.copyOf(counts, Math.max(token + 1, counts.length * 2));
      counts[token]++;
    }
    return counts;
  }

  private static int at(int[] counts, int token) {
    return token < counts.length ? counts[token] : 0;
  }
}
