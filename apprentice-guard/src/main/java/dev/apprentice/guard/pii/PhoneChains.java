package dev.apprentice.guard.pii;

import java.util.ArrayList;
import java.util.List;

/**
 * The shapes a phone number can take in a window: chains of digit groups apart by at most a few punctuation
 * characters ({@code 650-253-0000}, {@code (579) 888.3058}), with a {@code +} or an opening bracket right before the
 * first group and an extension ({@code x769}, {@code ext. 123}, {@code #12}) after the last, and the shorter chains
 * of consecutive groups inside one. Region-independent, so they are found once and read for every region hint.
 */
final class PhoneChains {

  /** A chain: where it starts and ends in the text (extension included), its number's digits, and its extension. */
  record Chain(int start, int end, String digits, boolean plus, String extension, int firstGroup, int lastGroup) {

    /** Digits in the whole span, extension included. */
    int allDigits() {
      return digits.length() + extension.length();
    }
  }

  private static final int MAX_SEPARATOR = 4;
  private static final int MAX_EXTENSION = 7;
  private static final int MAX_DIGITS = 21;

  private PhoneChains() {}

  /** The longest chains of the window, in text order. */
  static List<Chain> longest(String text, int from, int to) {
    List<int[]> groups = groups(text, from, to);
    List<Chain> chains = new ArrayList<>();
    int first = 0;
    while (first < groups.size()) {
      int last = first;
      while (last + 1 < groups.size() && separator(text, groups.get(last)[1], groups.get(last + 1)[0])) last++;
      chains.add(chain(text, groups, first, last, to));
      first = last + 1;
      if (first < groups.size() && chains.getLast().end() > groups.get(first)[0]) first++; // the extension's group
    }
    return chains;
  }

  /** The digit groups of {@code chain}: start and end of each, in the text. */
  static List<int[]> groups(String text, Chain chain) {
    List<int[]> groups = groups(text, chain.start(), chain.end());
    return groups.subList(0, chain.lastGroup() - chain.firstGroup() + 1); // without the extension's group
  }

  /** The chain of {@code groups} from {@code first} to {@code last}; an extension may follow it up to {@code to}. */
  static Chain part(String text, List<int[]> groups, int first, int last, int to) {
    return chain(text, groups, first, last, last + 1 < groups.size() ? groups.get(last + 1)[0] : to);
  }

  private static Chain chain(String text, List<int[]> groups, int first, int last, int to) {
    int start = groups.get(first)[0];
    int end = groups.get(last)[1];
    StringBuilder digits = new StringBuilder(MAX_DIGITS);
    for (int g = first; g <= last; g++) digits.append(text, groups.get(g)[0], groups.get(g)[1]);
    boolean plus = start > 0 && text.charAt(start - 1) == '+';
    if (plus) start--;
    if (start > 0 && text.charAt(start - 1) == '(' && closes(text, start, end)) start--;
    String extension = "";
    int extensionEnd = extensionEnd(text, end, to);
    if (extensionEnd > end) {
      int digitsFrom = extensionEnd;
      while (Anchored.isDigit(text.charAt(digitsFrom - 1))) digitsFrom--;
      extension = text.substring(digitsFrom, extensionEnd);
      end = extensionEnd;
    }
    return new Chain(start, end, digits.toString(), plus, extension, first, last);
  }

  /** An opening bracket before the first group counts when the chain closes it. */
  private static boolean closes(String text, int from, int to) {
    int close = text.indexOf(')', from);
    return close >= 0 && close < to;
  }

  /** Where an extension after {@code end} ends ({@code x769}, {@code ext. 123}, {@code #12}), or {@code end}. */
  private static int extensionEnd(String text, int end, int to) {
    int i = end;
    while (i < to && text.charAt(i) == ' ') i++;
    int marker = markerLength(text, i, to);
    if (marker == 0) return end;
    i += marker;
    while (i < to && (text.charAt(i) == ' ' || text.charAt(i) == '.' || text.charAt(i) == ':')) i++;
    int digitsFrom = i;
    while (i < to && Anchored.isDigit(text.charAt(i)) && i - digitsFrom < MAX_EXTENSION) i++;
    if (i == digitsFrom || (i < to && Anchored.isDigit(text.charAt(i)))) return end;
    return i;
  }

  private static int markerLength(String text, int at, int to) {
    if (at >= to) return 0;
    char c = Character.toLowerCase(text.charAt(at));
    if (c == '#') return 1;
    if (c != 'x' && c != 'e') return 0;
    if (c == 'x') return 1;
    for (String word : new String[] {"extension", "ext"}) {
      if (text.regionMatches(true, at, word, 0, word.length()) && at + word.length() <= to) return word.length();
    }
    return 0;
  }

  /**
   * True when the characters between two groups could sit inside one number: at most a few, all of them spaces,
   * dashes, dots, slashes, brackets or tildes.
   */
  private static boolean separator(String text, int from, int to) {
    if (to - from > MAX_SEPARATOR) return false;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      boolean punctuation = c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')' || c == '['
          || c == ']' || c == '~' || c == '\u00A0' || (c >= '\u2010' && c <= '\u2015') || c == '\u2212';
      if (!punctuation) return false;
    }
    return true;
  }

  private static List<int[]> groups(String text, int from, int to) {
    List<int[]> groups = new ArrayList<>();
    int i = from;
    while (i < to) {
      while (i < to && !Anchored.isDigit(text.charAt(i))) i++;
      int start = i;
      while (i < to && Anchored.isDigit(text.charAt(i))) i++;
      if (i > start) groups.add(new int[] {start, i});
    }
    return groups;
  }
}
