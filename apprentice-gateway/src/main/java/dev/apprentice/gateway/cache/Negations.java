package dev.apprentice.gateway.cache;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the negation words of a question: the words that turn "can I cancel my card?" into "can I not cancel my
 * card?", which an embedding scores as the same question. Whole words, any case, in the languages a bank in Europe
 * is asked in; each word counts, so French "ne … pas" is two and the colloquial "pas" alone is one.
 */
final class Negations {

  /**
   * The words, each matched whole. A few are other words elsewhere (Dutch "pas" is a bank card, French "mai" is May,
   * Italian "ne" is "of it"): they count too, which can only keep apart questions that would otherwise match.
   * docs/local-models.md lists them for users: keep the two alike.
   */
  static final List<String> WORDS = List.of(
      // English; the contractions are below
      "not", "no", "never", "cannot", "none", "nothing", "nobody", "neither", "nor", "without",
      // German; kein, keine, keinen, … are below
      "nicht", "nichts", "nie", "niemals", "niemand", "ohne", "weder",
      // French; the elided n' is below
      "ne", "pas", "jamais", "aucun", "aucune", "rien", "sans", "ni",
      // Spanish
      "nunca", "nada", "nadie", "ningún", "ninguno", "ninguna", "sin",
      // Italian
      "non", "mai", "niente", "nessuno", "nessuna", "nessun", "senza", "né",
      // Portuguese, also as typed without the tilde
      "não", "nao", "ninguém", "nenhum", "nenhuma", "sem", "nem",
      // Dutch
      "niet", "geen", "nooit", "niets", "niemand", "zonder");

  /** An apostrophe as typed: straight, typographic ({@code ’}), or the acute accent some keyboards give for one. */
  private static final String APOSTROPHE = "['\u2019\u00b4]";

  /**
   * Not inside a word: letters, digits and the underscore, which joins the parts of a guard's placeholder
   * ({@code <PHONE_NUMBER_1>}), so none of them is read as a word.
   */
  private static final String WORD_CHAR = "[\\p{L}\\p{N}_]";

  private static final Pattern NEGATION = Pattern.compile("(?<!" + WORD_CHAR + ")(?:(?:"
      + String.join("|", WORDS)
      + "|kein\\p{L}*+" // kein, keine, keinen, keinem, keiner, keines
      + "|\\p{L}+n" + APOSTROPHE + "t" // don't, can't, won't, isn't, …
      + "|(?:ca|wo|do|does|did|is|are|was|were|has|have|had|could|would|should|must|need)nt" // dont, cant, …
      + ")(?!" + WORD_CHAR + ")|n" + APOSTROPHE + "(?=\\p{L}))", // n'est, n’ai
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private Negations() {}

  /** How many negation words {@code text} holds, in one pass over it. */
  static int count(String text) {
    int found = 0;
    Matcher m = NEGATION.matcher(text);
    while (m.find()) found++;
    return found;
  }
}
