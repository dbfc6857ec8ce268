package dev.apprentice.guard.pii;

import java.util.Arrays;

/**
 * The normalised text every recognizer of one scan reads, with what they all need of it worked out once: where its
 * tokens start (an ASCII letter, digit or colon after a character that is no ASCII letter or digit, or at the start).
 *
 * @param text        the normalised text
 * @param tokenStarts the positions where tokens start, ascending
 */
record ScanText(String text, int[] tokenStarts) {

  static ScanText of(String text) {
    int[] positions = new int[16];
    int count = 0;
    boolean afterAlnum = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean alnum = Anchored.isAsciiAlnum(c);
      if (!afterAlnum && (alnum || c == ':')) {
        if (count == positions.length) positions = Arrays.copyOf(positions, count * 2);
        positions[count++] = i;
      }
      afterAlnum = alnum;
    }
    return new ScanText(text, Arrays.copyOf(positions, count));
  }
}
