package dev.apprentice.eval.metric.bleu;

import dev.apprentice.eval.metric.text.PythonText;
import java.util.List;

/** A sacreBLEU tokenizer: turns a line into space-separated tokens ({@code tokenize=} names it). */
public interface BleuTokenizer {

  /** sacreBLEU's name for it: {@code 13a}, {@code none}, {@code intl} or {@code char}. */
  String name();

  /** The line with its tokens separated by spaces, exactly as sacreBLEU's tokenizer returns it. */
  String tokenize(String line);

  /** The tokens of the line: {@code tokenize(line).split()}. */
  default List<String> tokens(String line) {
    return PythonText.split(tokenize(line));
  }

  /** Leaves the line as it is (the text is already tokenized). */
  BleuTokenizer NONE = new BleuTokenizer() {
    @Override
    public String name() {
      return "none";
    }

    @Override
    public String tokenize(String line) {
      return line;
    }
  };

  /** Every character a token (for languages without spaces). */
  BleuTokenizer CHAR = new BleuTokenizer() {
    @Override
    public String name() {
      return "char";
    }

    @Override
    public String tokenize(String line) {
      StringBuilder out = new StringBuilder(line.length() * 2);
      line.codePoints().forEach(c -> {
        if (!out.isEmpty()) out.append(' ');
        out.appendCodePoint(c);
      });
      return out.toString();
    }
  };

  /** The tokenizer sacreBLEU knows by this name. */
  static BleuTokenizer named(String name) {
    return switch (name) {
      case "13a" -> Tokenizer13a.INSTANCE;
      case "none" -> NONE;
      case "intl" -> TokenizerIntl.INSTANCE;
      case "char" -> CHAR;
      default -> throw new IllegalArgumentException("tokenize must be one of 13a, none, intl, char; got '" + name
          + "' (sacreBLEU's zh, ja-mecab, ko-mecab, spm and flores tokenizers are not available)");
    };
  }
}
