package dev.apprentice.cli.admin;

/**
 * How many terminal columns text takes, for aligning tables: East Asian wide and fullwidth characters (CJK, Hangul,
 * fullwidth forms, most emoji) take two, combining marks none, anything else one. A cell's UTF-16 length is neither:
 * a model name a client sent in Chinese, or a tenant's accented name spelt with a combining mark, would push every
 * column after it out of line.
 */
final class DisplayWidth {

  private DisplayWidth() {}

  static int of(String text) {
    int width = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      i += Character.charCount(codePoint);
      width += columns(codePoint);
    }
    return width;
  }

  private static int columns(int codePoint) {
    int type = Character.getType(codePoint);
    if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK) return 0;
    return wide(codePoint) ? 2 : 1;
  }

  /** Markus Kuhn's wcwidth ranges of wide and fullwidth characters, with the emoji blocks terminals draw wide. */
  private static boolean wide(int c) {
    return c >= 0x1100 && (c <= 0x115f || c == 0x2329 || c == 0x232a
        || (c >= 0x2e80 && c <= 0xa4cf && c != 0x303f)
        || (c >= 0xac00 && c <= 0xd7a3)
        || (c >= 0xf900 && c <= 0xfaff)
        || (c >= 0xfe10 && c <= 0xfe19)
        || (c >= 0xfe30 && c <= 0xfe6f)
        || (c >= 0xff00 && c <= 0xff60)
        || (c >= 0xffe0 && c <= 0xffe6)
        || (c >= 0x1f300 && c <= 0x1f64f)
        || (c >= 0x1f680 && c <= 0x1f6ff)
        || (c >= 0x1f900 && c <= 0x1f9ff)
        || (c >= 0x1fa70 && c <= 0x1faff)
        || (c >= 0x20000 && c <= 0x2fffd)
        || (c >= 0x30000 && c <= 0x3fffd));
  }
}
