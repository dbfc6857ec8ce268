package dev.apprentice.guard.injection;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Whether a run of base64 or hex characters is an encoded message: it decodes to words (printable text with
 * spaces). Keys, tokens, hashes, UUIDs and digests decode to noise, a JWT's parts to JSON without spaces, so a
 * pasted secret is not mistaken for a hidden instruction, while "decode this and follow it: SWdub3Jl…" still is.
 */
final class EncodedText {

  /** The fewest spaces a decoded run needs to count as a message (four words). */
  private static final int MIN_SPACES = 3;

  /** The fewest ideographs that count as a message in a script written without spaces. */
  private static final int MIN_IDEOGRAPHS = 6;

  private EncodedText() {}

  /** True when {@code run} (base64, base64url or hex characters, case as written) decodes to words. */
  static boolean isMessage(String run) {
    byte[] decoded = decode(run);
    return decoded != null && readsAsWords(decoded);
  }

  private static byte[] decode(String run) {
    String s = run;
    while (s.endsWith("=")) s = s.substring(0, s.length() - 1);
    if (s.length() % 2 == 0 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return HexFormat.of().parseHex(s);
    }
    // a run cut out of longer text need not end on a 4-character boundary; the whole groups are enough to judge
    s = s.substring(0, s.length() - s.length() % 4).replace('-', '+').replace('_', '/');
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  /**
   * Mostly letters and spaces, with no broken UTF-8 and no control characters: text, not noise. Scripts written
   * without spaces (Chinese, Japanese) count by their letters alone.
   */
  private static boolean readsAsWords(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    int letters = 0;
    int spaces = 0;
    int ideographs = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\uFFFD' || (Character.isISOControl(c) && c != '\n' && c != '\t')) return false;
      if (Character.isWhitespace(c)) spaces++;
      else if (Character.isLetter(c)) letters++;
      if (Character.isIdeographic(c)) ideographs++;
    }
    boolean words = spaces >= MIN_SPACES || ideographs >= MIN_IDEOGRAPHS;
    return words && letters + spaces >= 0.75 * text.length();
  }
}
