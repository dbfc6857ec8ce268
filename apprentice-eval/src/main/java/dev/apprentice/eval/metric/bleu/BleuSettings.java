package dev.apprentice.eval.metric.bleu;

import dev.apprentice.eval.metric.Settings;
import java.util.Set;

/**
 * The parameters of sacreBLEU's {@code BLEU(...)} with its defaults: {@code tokenize=13a}, {@code smooth_method=exp},
 * {@code smooth_value=null} (the method's default), {@code lowercase=false}, {@code max_ngram_order=4}, and
 * {@code effective_order} unset, which means true for a sentence (as {@code sentence_bleu}) and false for a corpus.
 * {@code force} is accepted and changes nothing (sacreBLEU uses it only to silence a warning).
 *
 * @param effectiveOrder null when unset
 * @param smoothValue null for the method's default
 */
public record BleuSettings(BleuTokenizer tokenizer, SmoothMethod smoothMethod, Double smoothValue, boolean lowercase,
    int maxNgramOrder, Boolean effectiveOrder) {

  public static final Set<String> NAMES =
      Set.of("tokenize", "smooth_method", "smooth_value", "lowercase", "max_ngram_order", "effective_order", "force");

  public BleuSettings {
    if (maxNgramOrder < 1) throw new IllegalArgumentException("max_ngram_order must be at least 1; got " + maxNgramOrder);
  }

  /** sacreBLEU's defaults. */
  public static BleuSettings defaults() {
    return from(Settings.none());
  }

  public static BleuSettings from(Settings settings) {
    settings.bool("force", false);
    return new BleuSettings(BleuTokenizer.named(settings.string("tokenize", "13a")),
        SmoothMethod.named(settings.string("smooth_method", "exp")), settings.decimalOrNull("smooth_value"),
        settings.bool("lowercase", false), settings.integer("max_ngram_order", 4),
        settings.has("effective_order") ? settings.bool("effective_order", false) : null);
  }

  /** The effective-order switch for one sentence (default true) or a corpus (default false). */
  boolean effectiveOrder(boolean sentence) {
    return effectiveOrder != null ? effectiveOrder : sentence;
  }
}
