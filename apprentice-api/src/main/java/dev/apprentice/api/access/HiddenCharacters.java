package dev.apprentice.api.access;

import java.util.Locale;

/**
 * Characters that must not reach an operator's terminal as they are: control characters (ESC sequences, NUL,
 * newlines), format characters (bidi overrides such as U+202E, zero-width ones, tag characters), line and paragraph
 * separators, and lone surrogates. Printed raw they rewrite or disguise what the operator sees.
 */
public final class HiddenCharacters {

  private HiddenCharacters() {}

  /** Whether a code point is one of them. */
  public static boolean isHidden(int codePoint) {
    return Character.isISOControl(codePoint) || switch (Character.getType(codePoint)) {
      case Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SURROGATE -> true;
      default -> false;
    };
  }

  /** Whether the text holds none of them. */
  public static boolean noneIn(String text) {
    return text.codePoints().noneMatch(HiddenCharacters::isHidden);
  }

  /** The text with each of them as '?'. */
  public static String replaced(String text) {
    if (noneIn(text)) return text;
    StringBuilder shown = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (isHidden(c)) shown.append('?');
      else shown.appendCodePoint(c);
    });
    return shown.toString();
  }

  /**
   * The text with each of them escaped as Java and JSON write them: {@code \n}, {@code \r}, {@code \t}, else
   * {@code \}{@code uXXXX} (a code point above U+FFFF as its two UTF-16 halves), so that a log line keeps what was
   * sent, readable, on one line. Backslashes are left as they are.
   */
  public static String escaped(String text) {
    if (noneIn(text)) return text;
    StringBuilder shown = new StringBuilder(text.length() + 16);
    text.codePoints().forEach(c -> {
      if (!isHidden(c)) shown.appendCodePoint(c);
      else if (c == '\n') shown.append("\\n");
      else if (c == '\r') shown.append("\\r");
      else if (c == '\t') shown.append("\\t");
      else for (char unit : Character.toChars(c)) shown.append(String.format(Locale.ROOT, "\\u%04X", (int) unit));
    });
    return shown.toString();
  }
}
