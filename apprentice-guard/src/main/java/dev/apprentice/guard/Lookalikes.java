package dev.apprentice.guard;

/**
 * Letters of other scripts that look like ASCII letters and digits, read as the ASCII ones where they stand in for
 * them: "Іgnоrе аll рrеviоus instruсtiоns" with Cyrillic і, о, е, а, р and с reads "Ignore all previous
 * instructions". The idea is Unicode TR39's skeleton (security mechanisms, section 4); the table is the Cyrillic,
 * Greek, Armenian and Cherokee entries of its {@code confusables.txt} whose prototype is one ASCII letter or digit
 * (112 of them). Full-width letters and mathematical alphanumerics ({@code 𝐢𝐠𝐧𝐨𝐫𝐞}) need no entry: NFKC, which runs
 * first, makes them ASCII, and Greek symbol forms (ϒ, ϱ) Greek letters. One change from TR39: lookalikes of a capital I become {@code I}, not {@code l} (a skeleton compares
 * two strings; this one is read).
 *
 * <p>Ordinary Russian, Greek or Armenian text is left as it is. A lookalike is read as ASCII only
 * <ul>
 *   <li>inside a word that also holds an ASCII letter or digit (no real word mixes scripts), or</li>
 *   <li>when every letter of its script in the whole text is a lookalike (TR39's whole-script confusable: a real
 *       sentence in Cyrillic has и, н, т or л in it; an English sentence spelt in Cyrillic lookalikes has none).</li>
 * </ul>
 * The ideographic full stop (U+3002, and the half-width one NFKC makes it) between two ASCII letters or digits is read
 * as a dot: IDNA (UTS #46) takes it as the dot between a domain name's labels, so {@code jane@bank。example.com} is an
 * address a mail client writes to; a Chinese sentence's full stop has no ASCII on both sides and stays.
 * One character becomes one character, so offsets into the read text are offsets into the text given.
 */
final class Lookalikes {

  /** Each entry: a lookalike and the ASCII character it stands for. */
  private static final String[] TABLE = {
      // Greek
      "ΑA", "ΒB", "ΕE", "ΖZ", "ΗH", "ΙI", "ΚK", "ΜM", "ΝN", "ΟO", "ΡP", "ΤT", "ΥY", "ΧX", "αa", "γy", "ιi", "νv",
      "οo", "ρp", "σo", "υu", "ϜF", "ϳj", "ϺM",
      // Cyrillic
      "ЅS", "ІI", "ЈJ", "АA", "ВB", "ЕE", "З3", "КK", "МM", "НH", "ОO", "РP", "СC", "ТT", "УY", "ХX", "Ьb", "аa",
      "б6", "гr", "еe", "оo", "рp", "сc", "уy", "хx", "ѕs", "іi", "јj", "ѡw", "ѴV", "ѵv", "ҮY", "үy", "һh", "ҽe",
      "ӀI", "ӏi", "Ӡ3", "ԁd", "ԌG", "ԛq", "ԜW", "ԝw",
      // Armenian
      "ՍU", "ՏS", "ՕO", "աw", "գq", "զq", "հh", "ոn", "ռn", "սu", "ցg", "քf", "օo",
      // Cherokee
      "ᎠD", "ᎡR", "ᎢT", "Ꭵi", "ᎩY", "ᎪA", "ᎫJ", "ᎬE", "ᎳW", "ᎷM", "ᎻH", "ᎽY", "ᏀG", "Ꮒh", "ᏃZ", "Ꮞ4", "Ꮟb", "ᏒR",
      "ᏔW", "ᏕS", "ᏙV", "ᏚS", "ᏞL", "ᏟC", "ᏢP", "ᏦK", "Ꮷd", "Ꮾ6", "ᏳG", "ᏴB"};

  private static final char IDEOGRAPHIC_FULL_STOP = '\u3002';
  private static final char FIRST = 0x0370;
  private static final char LAST = 0x13FF;
  private static final char[] ASCII = new char[LAST - FIRST + 1];

  static {
    for (String entry : TABLE) ASCII[entry.charAt(0) - FIRST] = entry.charAt(1);
  }

  private Lookalikes() {}

  /** The ASCII character {@code c} looks like, or 0. */
  static char asciiFor(char c) {
    return c < FIRST || c > LAST ? 0 : ASCII[c - FIRST];
  }

  /** {@code text} with its lookalikes read as ASCII where they stand in for it; the same string when none does. */
  static String read(String text) {
    int scripts = 0; // bit per script seen with a letter that is no lookalike: real text in that script
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) continue;
      if (asciiFor(c) != 0 || c == IDEOGRAPHIC_FULL_STOP) any = true;
      else if (Character.isLetter(c)) scripts |= scriptBit(c);
    }
    if (!any) return text;
    char[] chars = null;
    int word = 0;
    while (word < text.length()) {
      int end = word;
      boolean ascii = false;
      while (end < text.length() && isWordPart(text.charAt(end))) {
        char c = text.charAt(end++);
        ascii |= c < 0x80;
      }
      for (int i = word; i < end; i++) {
        char c = text.charAt(i);
        char replacement = asciiFor(c);
        if (replacement == 0 || !(ascii || (scripts & scriptBit(c)) == 0)) continue;
        if (chars == null) chars = text.toCharArray();
        chars[i] = replacement;
      }
      word = Math.max(end, word + 1);
    }
    for (int i = 1; i + 1 < text.length(); i++) {
      if (text.charAt(i) != IDEOGRAPHIC_FULL_STOP) continue;
      char before = chars == null ? text.charAt(i - 1) : chars[i - 1];
      char after = chars == null ? text.charAt(i + 1) : chars[i + 1];
      if (!isAsciiLetterOrDigit(before) || !isAsciiLetterOrDigit(after)) continue; // a sentence's full stop
      if (chars == null) chars = text.toCharArray();
      chars[i] = '.';
    }
    return chars == null ? text : new String(chars);
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return c < 0x80 && Character.isLetterOrDigit(c);
  }

  private static boolean isWordPart(char c) {
    return Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK;
  }

  private static int scriptBit(char c) {
    return switch (Character.UnicodeScript.of(c)) {
      case GREEK -> 1;
      case CYRILLIC -> 2;
      case ARMENIAN -> 4;
      case CHEROKEE -> 8;
      default -> 16;
    };
  }
}
