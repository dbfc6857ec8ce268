package dev.apprentice.eval.metric.rouge;

import dev.apprentice.eval.metric.text.PythonText;
import java.util.ArrayList;
import java.util.List;

/**
 * rouge-score's default tokenizer: lowercase, keep only runs of {@code [a-z0-9]} (so it is English-only), and with
 * stemming Porter-stem the tokens longer than 3 characters.
 */
public final class RougeTokenizer {

  private final boolean stem;

  public RougeTokenizer(boolean stem) {
    this.stem = stem;
  }

  public List<String> tokens(String text) {
    String lower = PythonText.lower(text);
    List<String> tokens = new ArrayList<>();
    int n = lower.length();
    int start = -1;
    for (int i = 0; i <= n; i++) {
      boolean kept = i < n && isKept(lower.charAt(i));
      if (kept && start < 0) {
        start = i;
      } else if (!kept && start >= 0) {
        add(tokens, lower.substring(start, i));
        start = -1;
      }
    }
    return tokens;
  }

  private void add(List<String> tokens, String token) {
    String kept = stem && token.length() > 3 ? PorterStemmer.stem(token) : token;
    if (isToken(kept)) tokens.add(kept);
  }

  private static boolean isKept(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  /** rouge-score's last check, {@code ^[a-z0-9]+$}. */
  private static boolean isToken(String token) {
    if (token.isEmpty()) return false;
    for (int i = 0; i < token.length(); i++) {
      if (!isKept(token.charAt(i))) return false;
    }
    return true;
  }
}
