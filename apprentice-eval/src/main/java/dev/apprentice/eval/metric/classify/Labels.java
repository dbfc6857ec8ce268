package dev.apprentice.eval.metric.classify;

import java.util.Locale;

/**
 * How a model's answer becomes a class label: surrounding whitespace, quotes, backticks and a final period dropped,
 * inner whitespace collapsed, and (by default) lower-cased, so {@code "Card_Arrival."} is {@code card_arrival}.
 */
public record Labels(boolean lowercase) {

  public String normalize(String text) {
    if (text == null) return "";
    String s = text.strip();
    boolean changed = true;
    while (changed && !s.isEmpty()) {
      changed = false;
      if (s.endsWith(".")) {
        s = s.substring(0, s.length() - 1).strip();
        changed = true;
      }
      if (s.length() >= 2 && isQuote(s.charAt(0)) && s.charAt(s.length() - 1) == s.charAt(0)) {
        s = s.substring(1, s.length() - 1).strip();
        changed = true;
      }
    }
    s = s.replaceAll("\\s+", " ");
    return lowercase ? s.toLowerCase(Locale.ROOT) : s;
  }

  private static boolean isQuote(char c) {
    return c == '"' || c == '\'' || c == '`';
  }
}
