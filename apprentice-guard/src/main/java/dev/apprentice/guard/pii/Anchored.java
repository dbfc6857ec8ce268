package dev.apprentice.guard.pii;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a pattern only where a candidate can start, anchored there, instead of letting {@code find()} try every
 * position of the text: a cheap character test picks the starts, so most of a prompt is never handed to the
 * regex engine.
 */
final class Anchored {

  /** Whether a match may start at {@code index} of {@code text}. */
  @FunctionalInterface
  interface Start {
    boolean at(String text, int index);
  }

  /** Takes one match and says where scanning resumes (usually {@code matcher.end()}). */
  @FunctionalInterface
  interface Hit {
    int accept(Matcher matcher);
  }

  private Anchored() {}

  /** Calls {@code hit} for each match starting at an accepted position, resuming where it says. */
  static void each(String text, Pattern pattern, Start start, Hit hit) {
    Matcher matcher = null;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      if (!start.at(text, i)) continue;
      if (matcher == null) matcher = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
      matcher.region(i, n);
      if (matcher.lookingAt()) i = Math.max(i, hit.accept(matcher) - 1);
    }
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isAsciiAlnum(char c) {
    return isDigit(c) || isAsciiLetter(c);
  }

  /** The character before {@code index}, or a space at the start. */
  static char before(String text, int index) {
    return index == 0 ? ' ' : text.charAt(index - 1);
  }
}
