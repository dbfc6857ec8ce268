package dev.apprentice.eval.metric.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Python's {@code str} operations that the reference implementations rely on, with Python's notion of whitespace
 * ({@code str.isspace}: the ASCII controls 9-13 and 28-31, space, U+0085, U+00A0, U+1680, U+2000-200A, U+2028,
 * U+2029, U+202F, U+205F and U+3000).
 */
public final class PythonText {

  private PythonText() {}

  /** {@code str.isspace()} for one character. */
  public static boolean isSpace(int codePoint) {
    return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || codePoint == 0x85;
  }

  /** {@code str.split()}: the runs of non-whitespace, without empty strings. */
  public static List<String> split(String text) {
    List<String> tokens = new ArrayList<>();
    int n = text.length();
    int start = -1;
    for (int i = 0; i < n; i++) {
      if (isSpace(text.charAt(i))) {
        if (start >= 0) {
          tokens.add(text.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
    }
    if (start >= 0) tokens.add(text.substring(start));
    return tokens;
  }

  /** {@code str.rstrip()}. */
  public static String rstrip(String text) {
    int end = text.length();
    while (end > 0 && isSpace(text.charAt(end - 1))) end--;
    return text.substring(0, end);
  }

  /** {@code str.lower()}. */
  public static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  /** {@code ''.join(text.split())}: the text with all whitespace removed. */
  public static String removeSpaces(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isSpace(c)) out.append(c);
    }
    return out.toString();
  }

  /** The code points of the text: Python indexes strings by these, Java by UTF-16 units. */
  public static int[] codePoints(String text) {
    return text.codePoints().toArray();
  }
}
