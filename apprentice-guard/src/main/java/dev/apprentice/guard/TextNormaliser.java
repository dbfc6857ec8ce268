package dev.apprentice.guard;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * Undoes the usual evasions before scanning: Unicode NFKC (full-width digits and letters become ASCII), invisible
 * format characters dropped (zero-width space/joiners, word joiner, BOM, soft hyphen, bidi controls, tag
 * characters), Unicode dashes and minus signs become {@code -}. Keeps a map back to the original offsets.
 */
public final class TextNormaliser {

  /** Normalises one text; text with nothing to change (all ASCII, say) comes back as itself, without an offset map. */
  public NormalisedText normalise(String original) {
    if (isAlreadyNormal(original)) return NormalisedText.identity(original);
    StringBuilder out = new StringBuilder(original.length());
    int[] starts = new int[original.length() + 8];
    int[] ends = new int[original.length() + 8];
    int i = 0;
    while (i < original.length()) {
      int cp = original.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (Character.getType(cp) == Character.FORMAT) {
        i = next;
        continue;
      }
      while (next < original.length() && isCombiningMark(original.codePointAt(next))) {
        next += Character.charCount(original.codePointAt(next));
      }
      String piece = cp < 0x80 && next == i + 1 ? null : Normalizer.normalize(original.substring(i, next), Normalizer.Form.NFKC);
      int length = piece == null ? 1 : piece.length();
      if (out.length() + length > starts.length) {
        starts = Arrays.copyOf(starts, (out.length() + length) * 2);
        ends = Arrays.copyOf(ends, starts.length);
      }
      for (int k = 0; k < length; k++) {
        char c = piece == null ? (char) cp : piece.charAt(k);
        starts[out.length()] = i;
        ends[out.length()] = next;
        out.append(isDash(c) ? '-' : c);
      }
      i = next;
    }
    return new NormalisedText(original, out.toString(), starts, ends);
  }

  /** No format character, no Unicode dash, no surrogate pair, and already NFKC (checked only for non-ASCII text). */
  private static boolean isAlreadyNormal(String text) {
    boolean ascii = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) continue;
      ascii = false;
      if (Character.isSurrogate(c) || Character.getType(c) == Character.FORMAT || isDash(c)) return false;
    }
    return ascii || Normalizer.isNormalized(text, Normalizer.Form.NFKC);
  }

  private static boolean isCombiningMark(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
        || type == Character.COMBINING_SPACING_MARK;
  }

  private static boolean isDash(char c) {
    return c != '-' && (Character.getType(c) == Character.DASH_PUNCTUATION || c == '\u2212');
  }
}
