package dev.apprentice.eval.metric.chrf;

import dev.apprentice.eval.metric.Settings;
import java.util.Set;

/**
 * The parameters of sacreBLEU's {@code CHRF(...)} with its defaults: {@code char_order=6}, {@code word_order=0} (2
 * gives chrF++), {@code beta=2}, {@code lowercase=false}, {@code whitespace=false} (whitespace is left out of the
 * character n-grams; sacreBLEU 1.x and its {@code corpus_chrf} call this {@code remove_whitespace=true}) and
 * {@code eps_smoothing=false} (sacreBLEU's "effective order"; true is chrF++.py's, NLTK's and Moses' smoothing).
 */
public record ChrfSettings(int charOrder, int wordOrder, double beta, boolean lowercase, boolean whitespace,
    boolean epsSmoothing) {

  public static final Set<String> NAMES =
      Set.of("char_order", "word_order", "beta", "lowercase", "whitespace", "remove_whitespace", "eps_smoothing");

  public ChrfSettings {
    if (charOrder < 0 || wordOrder < 0 || charOrder + wordOrder == 0) {
      throw new IllegalArgumentException("char_order and word_order must be 0 or more, and not both 0; got "
          + charOrder + " and " + wordOrder);
    }
  }

  public static ChrfSettings defaults() {
    return from(Settings.none());
  }

  public static ChrfSettings from(Settings settings) {
    boolean whitespace = settings.bool("whitespace", false);
    if (settings.has("remove_whitespace")) {
      boolean fromRemove = !settings.bool("remove_whitespace", true);
      if (settings.has("whitespace") && whitespace != fromRemove) {
        throw new IllegalArgumentException("settings whitespace and remove_whitespace contradict each other");
      }
      whitespace = fromRemove;
    }
    return new ChrfSettings(settings.integer("char_order", 6), settings.integer("word_order", 0),
        settings.decimal("beta", 2), settings.bool("lowercase", false), whitespace,
        settings.bool("eps_smoothing", false));
  }

  /** All n-gram orders: character orders first, then word orders. */
  int order() {
    return charOrder + wordOrder;
  }
}
