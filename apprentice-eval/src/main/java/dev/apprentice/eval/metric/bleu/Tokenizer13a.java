package dev.apprentice.eval.metric.bleu;

import dev.apprentice.eval.metric.text.PythonText;
import java.util.List;

/**
 * sacreBLEU's default tokenizer, equivalent to mteval-v13a.pl (WMT): unescapes a few XML entities, then splits off
 * ASCII punctuation and symbols, periods and commas not next to a digit, and a dash after a digit.
 */
public final class Tokenizer13a implements BleuTokenizer {

  public static final Tokenizer13a INSTANCE = new Tokenizer13a();

  private Tokenizer13a() {}

  @Override
  public String name() {
    return "13a";
  }

  @Override
  public String tokenize(String line) {
    return String.join(" ", tokens(line));
  }

  @Override
  public List<String> tokens(String line) {
    if (line.contains("<skipped>")) line = line.replace("<skipped>", "");
    if (line.indexOf('\n') >= 0) line = line.replace("-\n", "").replace("\n", " ");
    if (line.indexOf('&') >= 0) {
      line = line.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
    }
    return splitPunctuation(" " + line + " ");
  }

  /** The four rules of mteval-v13a's language-dependent part, then the tokens (sacreBLEU's TokenizerRegexp). */
  static List<String> splitPunctuation(String line) {
    String spaced = spaceSymbols(line);
    // ([^0-9])([\.,]) -> "\1 \2 "
    spaced = pairs(spaced, Tokenizer13a::notDigit, Tokenizer13a::periodOrComma, false);
    // ([\.,])([^0-9]) -> " \1 \2"
    spaced = pairs(spaced, Tokenizer13a::periodOrComma, Tokenizer13a::notDigit, true);
    // ([0-9])(-) -> "\1 \2 "
    spaced = pairs(spaced, Tokenizer13a::digit, c -> c == '-', false);
    return PythonText.split(spaced);
  }

  /** {@code ([\{-\~\[-\` -\&\(-\+\:-\@\/])} -> {@code " \1 "}. */
  private static String spaceSymbols(String line) {
    StringBuilder out = new StringBuilder(line.length() + 16);
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (symbol(c)) {
        out.append(' ').append(c).append(' ');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean symbol(char c) {
    return (c >= '{' && c <= '~') || (c >= '[' && c <= '`') || (c >= ' ' && c <= '&') || (c >= '(' && c <= '+')
        || (c >= ':' && c <= '@') || c == '/';
  }

  private interface CharTest {
    boolean test(char c);
  }

  /**
   * A regex substitution of two one-character groups, scanning left to right without overlaps as Python's
   * {@code re.sub} does: "a b " after the pair when {@code leading} is false, " a b" when it is true.
   */
  private static String pairs(String line, CharTest first, CharTest second, boolean leading) {
    StringBuilder out = null;
    int n = line.length();
    int copied = 0;
    for (int i = 0; i + 1 < n; i++) {
      char a = line.charAt(i);
      char b = line.charAt(i + 1);
      if (!first.test(a) || !second.test(b)) continue;
      if (out == null) out = new StringBuilder(n + 16);
      out.append(line, copied, i);
      if (leading) {
        out.append(' ').append(a).append(' ').append(b);
      } else {
        out.append(a).append(' ').append(b).append(' ');
      }
      i++;
      copied = i + 1;
    }
    if (out == null) return line;
    return out.append(line, copied, n).toString();
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean notDigit(char c) {
    return !digit(c);
  }

  private static boolean periodOrComma(char c) {
    return c == '.' || c == ',';
  }
}
