package dev.apprentice.guard.pii;

import dev.apprentice.guard.Finding;
import java.util.Locale;
import java.util.Map;

/**
 * Weighs the words around a finding: up to six words before it and three after (within 60 and 30 characters),
 * raising the score by {@link #BOOST} when a raising word is there and lowering it by {@link #PENALTY} when a
 * lowering word is; when both are there they cancel out.
 */
final class ContextScorer {

  static final double BOOST = 0.35;
  static final double PENALTY = 0.3;
  private static final int WORDS_BEFORE = 6;
  private static final int WORDS_AFTER = 3;
  private static final int CHARS_BEFORE = 60;
  private static final int CHARS_AFTER = 30;

  private final Map<String, ContextWords> words;

  ContextScorer(Map<String, ContextWords> words) {
    this.words = Map.copyOf(words);
  }

  Finding score(String text, Finding finding) {
    ContextWords context = words.get(finding.type());
    if (context == null) return finding;
    boolean raise = false;
    boolean lower = false;
    int count = 0;
    int i = finding.start();
    int limit = Math.max(0, finding.start() - CHARS_BEFORE);
    while (count < WORDS_BEFORE && i > limit) {
      int end = i;
      while (end > limit && !isWordChar(text.charAt(end - 1))) end--;
      int start = end;
      while (start > limit && isWordChar(text.charAt(start - 1))) start--;
      if (start == end) break;
      String word = text.substring(start, end).toLowerCase(Locale.ROOT);
      raise |= context.raises(word);
      lower |= context.lowers(word);
      count++;
      i = start;
    }
    count = 0;
    i = finding.end();
    limit = Math.min(text.length(), finding.end() + CHARS_AFTER);
    while (count < WORDS_AFTER && i < limit) {
      int start = i;
      while (start < limit && !isWordChar(text.charAt(start))) start++;
      int end = start;
      while (end < limit && isWordChar(text.charAt(end))) end++;
      if (start == end) break;
      String word = text.substring(start, end).toLowerCase(Locale.ROOT);
      raise |= context.raises(word);
      lower |= context.lowers(word);
      count++;
      i = end;
    }
    if (raise == lower) return finding;
    double score = finding.score() + (raise ? BOOST : -PENALTY);
    return finding.withScore(Math.round(Math.max(0, Math.min(1, score)) * 100) / 100.0);
  }

  /** Letters and '#' make words; digits and punctuation separate them. */
  private static boolean isWordChar(char c) {
    return Character.isLetter(c) || c == '#';
  }
}
