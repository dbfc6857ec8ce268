package dev.apprentice.guard.policy;

import java.util.Set;

/**
 * Runs of characters that a streamed answer is never cut inside: no space, and no letter of a script written without
 * spaces (Chinese, Japanese, Korean, Thai …), whose text would otherwise be one run from start to end. Every value the
 * scanners find without a space — a key, a token, a link, an e-mail address, lookalike letters and invisible
 * characters included — lies inside one such run.
 */
final class WordRuns {

  private static final Set<Character.UnicodeScript> SPACELESS = Set.of(Character.UnicodeScript.HAN,
      Character.UnicodeScript.HIRAGANA, Character.UnicodeScript.KATAKANA, Character.UnicodeScript.HANGUL,
      Character.UnicodeScript.THAI, Character.UnicodeScript.LAO, Character.UnicodeScript.KHMER,
      Character.UnicodeScript.MYANMAR, Character.UnicodeScript.TIBETAN);

  private WordRuns() {}

  /** True when {@code c} belongs in a run (half of a surrogate pair does: a pair is never cut). */
  static boolean inRun(char c) {
    if (Character.isWhitespace(c) || Character.isSpaceChar(c)) return false;
    return !Character.isLetter(c) || !SPACELESS.contains(Character.UnicodeScript.of(c));
  }

  /** True when a cut between {@code before} and {@code after} would cut a run in two. */
  static boolean joins(char before, char after) {
    return inRun(before) && inRun(after);
  }
}
