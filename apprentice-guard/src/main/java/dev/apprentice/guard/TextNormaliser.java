package dev.apprentice.guard;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Undoes the usual evasions before scanning: Unicode NFKC (full-width digits and letters become ASCII), invisible
 * characters dropped (every format character: zero-width space/joiners, word joiner, BOM, soft hyphen, bidi
 * controls, the tag characters that shadow no printable ASCII one; and every other Default_Ignorable_Code_Point:
 * the combining grapheme joiner, variation selectors, Hangul fillers, Mongolian free variation selectors), Unicode
 * dashes and minus signs become {@code -},
 * and the decimal digits of every other script become ASCII digits (a phone number or card written in Arabic-Indic
 * {@code ٤١٥}, Persian {@code ۴۱۵} or Devanagari {@code ४१५} digits is the number the model reads; NFKC leaves them).
 * A tag character that shadows a printable ASCII one reads as that character, as a model reads it ({@link #readings}
 * also gives the text with them dropped, as a person sees it).
 * Keeps a map back to the original offsets: an invisible character inside a finding lies inside its original span.
 * Last, letters of other scripts that stand in for ASCII ones ("Іgnоrе" with Cyrillic І, о and е) are read as the
 * ASCII letters ({@link Lookalikes}); ordinary Cyrillic, Greek or Armenian text is left alone.
 */
public final class TextNormaliser {

  /** The start of the tag characters' block: a tag character is this plus the ASCII code it shadows. */
  private static final int TAGS = 0xE0000;

  /** Normalises one text; text with nothing to change (all ASCII, say) comes back as itself, without an offset map. */
  public NormalisedText normalise(String original) {
    return withLookalikes(isAlreadyNormal(original) ? NormalisedText.identity(original) : cleaned(original, true));
  }

  /**
   * The readings of {@code original} a scanner must score: as {@link #normalise} reads it; and, only when tag
   * characters spell ASCII in it, also with them dropped, as a reader sees the text (a tag character slipped inside a
   * visible address, card or instruction must not hide it). Plain text has the one reading.
   */
  public List<NormalisedText> readings(String original) {
    NormalisedText read = normalise(original);
    if (!read.changed() || original.codePoints().noneMatch(TextNormaliser::spellsAscii)) return List.of(read);
    return List.of(read, withLookalikes(cleaned(original, false)));
  }

  /**
   * What {@code find} finds in each of the {@link #readings} of {@code original}, on the original's offsets; the
   * findings of two readings made disjoint ({@link Overlaps}).
   *
   * @param find the findings in a normalised text, disjoint, on its offsets
   */
  public List<Finding> find(String original, Function<String, List<Finding>> find, double threshold) {
    List<NormalisedText> readings = readings(original);
    if (readings.size() == 1) return readings.getFirst().toOriginal(find.apply(readings.getFirst().text()));
    List<Finding> all = new ArrayList<>();
    for (NormalisedText reading : readings) all.addAll(reading.toOriginal(find.apply(reading.text())));
    return Overlaps.resolve(all, threshold);
  }

  private static NormalisedText withLookalikes(NormalisedText normalised) {
    String read = Lookalikes.read(normalised.text());
    return read == normalised.text() ? normalised : normalised.withText(read);
  }

  /** @param readTags tag characters that shadow ASCII are read as it; else dropped with the other invisible ones */
  private static NormalisedText cleaned(String original, boolean readTags) {
    StringBuilder out = new StringBuilder(original.length());
    int[] starts = new int[original.length() + 8];
    int[] ends = new int[original.length() + 8];
    int i = 0;
    while (i < original.length()) {
      int cp = original.codePointAt(i);
      int next = i + Character.charCount(cp);
      boolean tag = readTags && spellsAscii(cp);
      if (isInvisible(cp) && !tag) {
        i = next;
        continue;
      }
      boolean gluedInvisible = false;
      while (!tag && next < original.length() && isCombiningMark(original.codePointAt(next))) {
        gluedInvisible |= isInvisible(original.codePointAt(next));
        next += Character.charCount(original.codePointAt(next));
      }
      String piece = tag ? String.valueOf((char) (cp - TAGS))
          : cp < 0x80 && next == i + 1 ? null : asciiDigits(Normalizer.normalize(
          gluedInvisible ? withoutInvisible(original.substring(i, next)) : original.substring(i, next),
          Normalizer.Form.NFKC));
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

  /**
   * No invisible character, no Unicode dash, no digit of another script, no surrogate pair, and already NFKC (checked
   * only for non-ASCII text).
   */
  private static boolean isAlreadyNormal(String text) {
    boolean ascii = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) continue;
      ascii = false;
      if (Character.isSurrogate(c) || isInvisible(c) || isDash(c) || Character.isDigit(c)) return false;
    }
    return ascii || Normalizer.isNormalized(text, Normalizer.Form.NFKC);
  }

  /**
   * A format character or a Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties.txt; the JDK has no
   * property for it): nothing a reader sees, so nothing a scanner should have to read past.
   */
  static boolean isInvisible(int cp) {
    if (cp < 0xAD) return false;
    return Character.getType(cp) == Character.FORMAT || cp == 0x00AD || cp == 0x034F || cp == 0x061C
        || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5 || (cp >= 0x180B && cp <= 0x180F)
        || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F)
        || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0
        || (cp >= 0xFFF0 && cp <= 0xFFF8) || (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A)
        || (cp >= 0xE0000 && cp <= 0xE0FFF);
  }

  /**
   * A tag character that shadows a printable ASCII one (U+E0020 to U+E007E: U+E0041 is a tag 'A'). Invisible, but
   * models read a run of them as the text it spells ("ASCII smuggling"), so it is read as that character, never
   * dropped: an address or an instruction spelt in tags is found like one written plainly.
   */
  private static boolean spellsAscii(int cp) {
    return cp >= TAGS + 0x20 && cp <= TAGS + 0x7E;
  }

  /** {@code piece} with every decimal digit of a script other than ASCII written as the ASCII digit. */
  private static String asciiDigits(String piece) {
    boolean other = false;
    for (int k = 0; k < piece.length() && !other; k++) other = piece.charAt(k) >= 0x80;
    if (!other || piece.codePoints().noneMatch(cp -> cp >= 0x80 && Character.isDigit(cp))) return piece;
    StringBuilder ascii = new StringBuilder(piece.length());
    piece.codePoints().forEach(cp -> {
      if (cp >= 0x80 && Character.isDigit(cp)) ascii.append((char) ('0' + Character.digit(cp, 10)));
      else ascii.appendCodePoint(cp);
    });
    return ascii.toString();
  }

  private static String withoutInvisible(String run) {
    StringBuilder kept = new StringBuilder(run.length());
    run.codePoints().filter(cp -> !isInvisible(cp)).forEach(kept::appendCodePoint);
    return kept.toString();
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
