package dev.apprentice.eval.metric.ter;

import dev.apprentice.eval.metric.text.PythonText;
import java.util.regex.Pattern;

/** sacreBLEU's {@code TercomTokenizer}: lowercasing, Tercom's optional normalization and punctuation removal. */
public final class TercomTokenizer {

  private static final Pattern SYMBOL = Pattern.compile("([{-~\\[-` -&(-+:-@/])");
  private static final Pattern POSSESSIVE_AT_END = Pattern.compile("'s$", Pattern.UNIX_LINES);
  private static final Pattern PERIOD_COMMA_AFTER_NON_DIGIT = Pattern.compile("([^0-9])([.,])");
  private static final Pattern PERIOD_COMMA_BEFORE_NON_DIGIT = Pattern.compile("([.,])([^0-9])");
  private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");
  private static final Pattern PUNCTUATION = Pattern.compile("[.,?:;!\"()]");

  private final TerSettings settings;

  public TercomTokenizer(TerSettings settings) {
    this.settings = settings;
  }

  /** The sentence as sacreBLEU's tokenizer returns it; TER then splits it on whitespace. */
  public String tokenize(String sentence) {
    if (sentence.isEmpty()) return "";
    String text = settings.caseSensitive() ? sentence : PythonText.lower(sentence);
    if (settings.normalized()) {
      text = normalizeWestern(text);
      if (settings.asianSupport()) text = TercomAsian.normalize(text);
      text = String.join(" ", PythonText.split(text));
    }
    if (settings.noPunct()) {
      text = PUNCTUATION.matcher(text).replaceAll("");
      if (settings.asianSupport()) text = TercomAsian.removePunctuation(text);
    }
    return text;
  }

  /** Tercom's language-independent and Western normalization. */
  static String normalizeWestern(String text) {
    text = text.replace("\n-", "").replace("\n", " ");
    text = text.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
    text = " " + text + " ";
    text = SYMBOL.matcher(text).replaceAll(" $1 ");
    text = text.replace("'s ", " 's ");
    text = POSSESSIVE_AT_END.matcher(text).replaceAll(" 's");
    text = PERIOD_COMMA_AFTER_NON_DIGIT.matcher(text).replaceAll("$1 $2 ");
    text = PERIOD_COMMA_BEFORE_NON_DIGIT.matcher(text).replaceAll(" $1 $2");
    return DASH_AFTER_DIGIT.matcher(text).replaceAll("$1 $2 ");
  }
}
