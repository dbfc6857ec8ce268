package dev.apprentice.guard.redact;

import java.util.regex.Pattern;

/** The shape of typed placeholders, {@code <EMAIL_1>}, {@code <PHONE_NUMBER_2>}: an upper-case label and a number. */
final class Placeholders {

  /** A complete placeholder. */
  static final Pattern PLACEHOLDER = Pattern.compile("<([A-Z][A-Z0-9_]*)_([1-9][0-9]{0,5})>");

  /** Longest placeholder a streaming restorer waits for before giving up on a '<'. */
  static final int MAX_LENGTH = 48;

  private Placeholders() {}

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
}
