package dev.apprentice.guard.pii;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a pattern only where a candidate can start, anchored there, instead of letting {@code find()} try every
 * position of the text: only the starts of tokens are visited (found once per scan), then a table of the characters
 * a match can begin with, then a cheap test of the context pick the starts, so most of a prompt is never handed to
 * the regex engine. The table comes first because it is a plain array read, where the test is a call the JIT cannot
 * inline (six recognizers share this loop).
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

  /** The ASCII characters a match can begin with. */
  static final class FirstChars {
    private final boolean[] ascii = new boolean[128];

    private FirstChars(String chars) {
      for (int i = 0; i < chars.length(); i++) ascii[chars.charAt(i)] = true;
    }

    static FirstChars of(String chars) {
      return new FirstChars(chars);
    }

    boolean contains(char c) {
      return c < 128 && ascii[c];
    }
  }

  static final String DIGITS = "0123456789";
  static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private Anchored() {}

  /**
   * Calls {@code hit} for each match starting at a position whose character is one of {@code first} and which
   * {@code start} accepts, resuming where {@code hit} says. {@code start} must accept no other first characters, and
   * only at the start of a token (after a character that is no ASCII letter or digit): only those positions, found
   * once per scan ({@link ScanText#tokenStarts}), are visited.
   */
  static void each(ScanText scan, FirstChars first, Pattern pattern, Start start, Hit hit) {
    String text = scan.text();
    Matcher matcher = null;
    int n = text.length();
    int resume = 0;
    for (int i : scan.tokenStarts()) {
      if (i < resume || !first.contains(text.charAt(i)) || !start.at(text, i)) continue;
      if (matcher == null) matcher = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
      matcher.region(i, n);
      if (matcher.lookingAt()) resume = Math.max(i + 1, hit.accept(matcher));
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
