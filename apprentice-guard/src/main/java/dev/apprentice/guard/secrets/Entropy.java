package dev.apprentice.guard.secrets;

/** Shannon entropy of a string's characters, in bits per character: random keys score high, words and filler low. */
public final class Entropy {

  private Entropy() {}

  public static double bitsPerChar(CharSequence text) {
    if (text.length() == 0) return 0;
    int[] counts = new int[128];
    java.util.Map<Character, Integer> others = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        if (others == null) others = new java.util.HashMap<>();
        others.merge(c, 1, Integer::sum);
      }
    }
    double bits = 0;
    double n = text.length();
    for (int count : counts) bits += term(count, n);
    if (others != null) {
      for (int count : others.values()) bits += term(count, n);
    }
    return bits;
  }

  private static double term(int count, double n) {
    if (count == 0) return 0;
    double p = count / n;
    return -p * (Math.log(p) / Math.log(2));
  }
}
