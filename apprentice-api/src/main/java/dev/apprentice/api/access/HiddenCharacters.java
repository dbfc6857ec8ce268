package dev.apprentice.api.access;

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
}
