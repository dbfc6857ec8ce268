package dev.apprentice.guard;

/**
 * Lower-cases a text one character at a time (Unicode's simple case mapping), so that the copy has the same length
 * and an offset found in one is the same place in the other. {@link String#toLowerCase} is neither: "İ" becomes two
 * characters (every offset after it shifts), and the JDK's conditional special casing makes it quadratic in a text
 * full of them. Surrogate pairs are left as they are.
 */
public final class LowerCase {

  private LowerCase() {}

  /** {@code text} with each character lower-cased on its own. */
  public static String of(String text) {
    char[] chars = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 'A' || Character.isSurrogate(c)) continue;
      char lower = Character.toLowerCase(c);
      if (lower == c) continue;
      if (chars == null) chars = text.toCharArray();
      chars[i] = lower;
    }
    return chars == null ? text : new String(chars);
  }
}
