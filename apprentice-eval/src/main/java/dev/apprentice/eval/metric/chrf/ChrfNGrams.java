package dev.apprentice.eval.metric.chrf;

import dev.apprentice.eval.metric.text.NGramCounts;
import dev.apprentice.eval.metric.text.PythonText;
import dev.apprentice.eval.metric.text.Vocabulary;
import java.util.ArrayList;
import java.util.List;

/** The n-grams of one sentence for chrF: character orders 1..char_order, then word orders 1..word_order. */
final class ChrfNGrams {

  /** Python's {@code string.punctuation}, which chrF++ splits off the start or end of a word. */
  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  private final List<NGramCounts> orders;

  private ChrfNGrams(List<NGramCounts> orders) {
    this.orders = orders;
  }

  static ChrfNGrams of(String sentence, ChrfSettings settings, Vocabulary words) {
    String text = settings.lowercase() ? PythonText.lower(sentence) : sentence;
    List<NGramCounts> orders = new ArrayList<>(settings.order());
    int[] chars = PythonText.codePoints(settings.whitespace() ? text : PythonText.removeSpaces(text));
    for (int n = 1; n <= settings.charOrder(); n++) orders.add(NGramCounts.of(chars, n, n));
    if (settings.wordOrder() > 0) {
      int[] ids = words.ids(splitPunctuation(text));
      for (int n = 1; n <= settings.wordOrder(); n++) orders.add(NGramCounts.of(ids, n, n));
    }
    return new ChrfNGrams(orders);
  }

  /**
   * The match statistics against a reference: per order, the hypothesis n-grams (0 when the reference has none of
   * that order), the reference n-grams, and the matches.
   */
  long[] against(ChrfNGrams reference) {
    long[] statistics = new long[3 * orders.size()];
    for (int i = 0; i < orders.size(); i++) {
      NGramCounts hyp = orders.get(i);
      NGramCounts ref = reference.orders.get(i);
      statistics[3 * i] = ref.isEmpty() ? 0 : hyp.total();
      statistics[3 * i + 1] = ref.total();
      statistics[3 * i + 2] = hyp.overlap(ref);
    }
    return statistics;
  }

  /** chrF++'s words: whitespace-separated, with one punctuation mark split off the end, or else the start. */
  static List<String> splitPunctuation(String sentence) {
    List<String> words = new ArrayList<>();
    for (String word : PythonText.split(sentence)) {
      if (word.codePointCount(0, word.length()) == 1) {
        words.add(word);
      } else if (PUNCTUATION.indexOf(word.charAt(word.length() - 1)) >= 0) {
        words.add(word.substring(0, word.length() - 1));
        words.add(word.substring(word.length() - 1));
      } else if (PUNCTUATION.indexOf(word.charAt(0)) >= 0) {
        words.add(word.substring(0, 1));
        words.add(word.substring(1));
      } else {
        words.add(word);
      }
    }
    return words;
  }
}
