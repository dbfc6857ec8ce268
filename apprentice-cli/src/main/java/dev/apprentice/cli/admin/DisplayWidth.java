package dev.apprentice.cli.admin;

/**
 * How many terminal columns text takes, for aligning tables: East Asian wide and fullwidth characters (CJK, Hangul,
 * fullwidth forms, most emoji) take two, combining marks none, anything else one. A cell's UTF-16 length is neither:
 * a model name a client sent in Chinese, or a tenant's accented name spelt with a combining mark, would push every
 * column after it out of line. A flag is two regional indicators of one column each (East Asian Width N): two, as
 * drawn. A zero-width joiner never reaches here in a table ({@link Table#printable} shows it as '?', so a joined emoji
 * is drawn, and counted, as its parts).
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

  /**
   * The emoji of the basic plane drawn as emoji by default (Unicode's Emoji_Presentation), which East Asian Width
   * makes wide (W) since Unicode 9, as terminals draw them: ✅ U+2705, ⚡ U+26A1, ⌛ U+231B..., as inclusive ranges.
   */
  private static final int[] BASIC_PLANE_EMOJI = {
      0x231a, 0x231b, 0x23e9, 0x23ec, 0x23f0, 0x23f0, 0x23f3, 0x23f3, 0x25fd, 0x25fe, 0x2614, 0x2615, 0x2648, 0x2653,
      0x267f, 0x267f, 0x2693, 0x2693, 0x26a1, 0x26a1, 0x26aa, 0x26ab, 0x26bd, 0x26be, 0x26c4, 0x26c5, 0x26ce, 0x26ce,
      0x26d4, 0x26d4, 0x26ea, 0x26ea, 0x26f2, 0x26f3, 0x26f5, 0x26f5, 0x26fa, 0x26fa, 0x26fd, 0x26fd, 0x2705, 0x2705,
      0x270a, 0x270b, 0x2728, 0x2728, 0x274c, 0x274c, 0x274e, 0x274e, 0x2753, 0x2755, 0x2757, 0x2757, 0x2795, 0x2797,
      0x27b0, 0x27b0, 0x27bf, 0x27bf, 0x2b1b, 0x2b1c, 0x2b50, 0x2b50, 0x2b55, 0x2b55};

  private static boolean basicPlaneEmoji(int c) {
    for (int r = 0; r < BASIC_PLANE_EMOJI.length && c >= BASIC_PLANE_EMOJI[r]; r += 2) {
      if (c <= BASIC_PLANE_EMOJI[r + 1]) return true;
    }
    return false;
  }

  /**
   * Markus Kuhn's wcwidth ranges of wide and fullwidth characters, with the emoji East Asian Width makes wide (those
   * of the basic plane above, and the blocks of the supplementary one that hold them).
   */
  private static boolean wide(int c) {
    return c >= 0x1100 && (c <= 0x115f || c == 0x2329 || c == 0x232a || basicPlaneEmoji(c)
        || (c >= 0x2e80 && c <= 0xa4cf && c != 0x303f)
        || (c >= 0xac00 && c <= 0xd7a3)
        || (c >= 0xf900 && c <= 0xfaff)
        || (c >= 0xfe10 && c <= 0xfe19)
        || (c >= 0xfe30 && c <= 0xfe6f)
        || (c >= 0xff00 && c <= 0xff60)
        || (c >= 0xffe0 && c <= 0xffe6)
        || c == 0x1f004 || c == 0x1f0cf || c == 0x1f18e || (c >= 0x1f191 && c <= 0x1f19a)
        || (c >= 0x1f200 && c <= 0x1f265)
        || (c >= 0x1f300 && c <= 0x1f64f)
        || (c >= 0x1f680 && c <= 0x1f6ff)
        || (c >= 0x1f7e0 && c <= 0x1f7eb) || c == 0x1f7f0
        || (c >= 0x1f900 && c <= 0x1f9ff)
        || (c >= 0x1fa70 && c <= 0x1faff)
        || (c >= 0x20000 && c <= 0x2fffd)
        || (c >= 0x30000 && c <= 0x3fffd));
  }
}
