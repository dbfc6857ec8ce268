package dev.apprentice.eval.metric.qa;

import dev.apprentice.eval.metric.text.PythonText;

/**
 * SQuAD v1.1's answer normalization (T5's {@code normalize_squad}): lowercase, drop ASCII punctuation, replace the
 * words a, an and the with a space, collapse whitespace. A word is a run of Python's {@code \w} characters (letters,
 * numbers and the underscore).
 */
public final class SquadNormalizer {

  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  private SquadNormalizer() {}

  public static String normalize(String answer) {
    String lower = PythonText.lower(answer);
    StringBuilder kept = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (PUNCTUATION.indexOf(c) < 0) kept.append(c);
    }
    return String.join(" ", PythonText.split(removeArticles(kept.toString())));
  }

  /** {@code re.sub(r"\b(a|an|the)\b", " ", text)}: a whole word a, an or the becomes a space. */
  static String removeArticles(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (!isWordChar(cp)) {
        out.appendCodePoint(cp);
        i += Character.charCount(cp);
        continue;
      }
      int end = i;
      while (end < text.length() && isWordChar(text.codePointAt(end))) end += Character.charCount(text.codePointAt(end));
      String word = text.substring(i, end);
      out.append(word.equals("a") || word.equals("an") || word.equals("the") ? " " : word);
      i = end;
    }
    return out.toString();
  }

  private static boolean isWordChar(int cp) {
    if (cp == '_' || Character.isLetter(cp)) return true;
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }
}
