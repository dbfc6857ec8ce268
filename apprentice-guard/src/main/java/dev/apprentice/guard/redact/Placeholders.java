package dev.apprentice.guard.redact;

import dev.apprentice.api.RedactionPlaceholders;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shape of typed placeholders, {@code <EMAIL_1>}, {@code <PHONE_NUMBER_2>}: an upper-case label and a number. */
final class Placeholders {

  /** A complete placeholder. */
  static final Pattern PLACEHOLDER = RedactionPlaceholders.PATTERN;

  /**
   * A complete placeholder inside JSON text, where either angle bracket may be written as a unicode escape (a
   * backslash and {@code u003c} for '&lt;', {@code u003e} for '&gt;', as Go's encoding/json writes them by default);
   * group 1 is the placeholder's name.
   */
  static final Pattern IN_JSON = Pattern.compile(
      "(?:<|\\\\u003[cC])([A-Z][A-Z0-9_]*_[1-9][0-9]{0,5})(?:>|\\\\u003[eE])");

  /** Longest placeholder a streaming restorer waits for before giving up on a '<'. */
  static final int MAX_LENGTH = 48;

  /** Longest placeholder in JSON: both brackets escaped, six characters each instead of one. */
  static final int MAX_JSON_LENGTH = MAX_LENGTH + 10;

  private static final String OPEN = "\\u003c";
  private static final String CLOSE = "\\u003e";

  private Placeholders() {}

  /**
   * The placeholder a match of {@link #IN_JSON} spells, as {@link #PLACEHOLDER} writes it; null when its opening
   * backslash is itself escaped (two backslashes and {@code u003c} are a backslash and "u003c", not a bracket).
   */
  static String inJson(Matcher match, CharSequence text) {
    if (text.charAt(match.start()) == '\\') {
      int backslashes = 0;
      for (int i = match.start() - 1; i >= 0 && text.charAt(i) == '\\'; i--) backslashes++;
      if (backslashes % 2 == 1) return null;
    }
    return "<" + match.group(1) + ">";
  }

  /**
   * The placeholder label of an entity type: {@code EMAIL_ADDRESS} is shortened to {@code EMAIL} (also after a prefix:
   * {@code DOC_EMAIL_ADDRESS} becomes {@code DOC_EMAIL}).
   */
  static String label(String type) {
    return type.endsWith("EMAIL_ADDRESS") ? type.substring(0, type.length() - "_ADDRESS".length()) : type;
  }

  /** True when {@code tail} (starting with '<') could still grow into a placeholder. */
  static boolean couldBecomeOne(CharSequence tail) {
    if (tail.length() >= MAX_LENGTH || tail.isEmpty() || tail.charAt(0) != '<') return false;
    for (int i = 1; i < tail.length(); i++) {
      char c = tail.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (i > 1 && ((c >= '0' && c <= '9') || c == '_'));
      if (!ok) return false;
    }
    return true;
  }

  /**
   * True when {@code tail}, JSON text, could still grow into a placeholder whose brackets are written either way:
   * it opens with '&lt;' or (a start of) its escape, and what follows is a start of a name, possibly followed by a
   * start of the escape of '&gt;'. A complete placeholder is not "could still grow": it is restored as it is.
   */
  static boolean couldBecomeOneInJson(CharSequence tail) {
    if (tail.length() >= MAX_JSON_LENGTH || tail.isEmpty()) return false;
    int name;
    if (tail.charAt(0) == '<') {
      name = 1;
    } else {
      int matched = escapePrefix(tail, 0, OPEN);
      if (matched < 0) return false;
      if (matched < OPEN.length()) return true;
      name = OPEN.length();
    }
    for (int i = name; i < tail.length(); i++) {
      char c = tail.charAt(i);
      if ((c >= 'A' && c <= 'Z') || (i > name && ((c >= '0' && c <= '9') || c == '_'))) continue;
      if (c != '\\' || i == name) return false;
      int matched = escapePrefix(tail, i, CLOSE);
      return matched >= 0 && matched < CLOSE.length();
    }
    return true;
  }

  /**
   * How many characters of {@code escape} (its hex letter in either case) {@code text} holds from {@code at} on,
   * up to its end; -1 when a character differs.
   */
  private static int escapePrefix(CharSequence text, int at, String escape) {
    int n = Math.min(escape.length(), text.length() - at);
    for (int k = 0; k < n; k++) {
      if (Character.toLowerCase(text.charAt(at + k)) != escape.charAt(k)) return -1;
    }
    return n;
  }
}
