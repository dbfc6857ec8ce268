package dev.apprentice.eval.metric.bleu;

import dev.apprentice.eval.metric.text.PythonText;
import java.util.regex.Pattern;

/**
 * sacreBLEU's {@code intl} tokenizer (mteval-v14.pl's international tokenization): splits off Unicode punctuation
 * unless it sits between digits, and every Unicode symbol.
 */
public final class TokenizerIntl implements BleuTokenizer {

  public static final TokenizerIntl INSTANCE = new TokenizerIntl();

  private static final Pattern PUNCTUATION_AFTER_NON_DIGIT = Pattern.compile("(\\P{N})(\\p{P})");
  private static final Pattern PUNCTUATION_BEFORE_NON_DIGIT = Pattern.compile("(\\p{P})(\\P{N})");
  private static final Pattern SYMBOL = Pattern.compile("(\\p{S})");

  private TokenizerIntl() {}

  @Override
  public String name() {
    return "intl";
  }

  @Override
  public String tokenize(String line) {
    line = PUNCTUATION_AFTER_NON_DIGIT.matcher(line).replaceAll("$1 $2 ");
    line = PUNCTUATION_BEFORE_NON_DIGIT.matcher(line).replaceAll(" $1 $2");
    line = SYMBOL.matcher(line).replaceAll(" $1 ");
    return String.join(" ", PythonText.split(line));
  }
}
