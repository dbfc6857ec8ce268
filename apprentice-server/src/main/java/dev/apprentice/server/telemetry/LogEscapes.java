package dev.apprentice.server.telemetry;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.apprentice.api.access.HiddenCharacters;
import java.util.Locale;

/**
 * What a JSON log line escapes beyond JSON's own rules (which escape only U+0000 to U+001F): DEL, the C1 controls
 * (U+0080 to U+009F, among them CSI, which some terminals obey), format characters (bidi overrides, zero-width ones),
 * and the line and paragraph separators U+2028 and U+2029, which log viewers and JavaScript take for line breaks.
 * Each is written {@code \}{@code uXXXX}: the value a parser reads back is unchanged, the line itself is plain.
 */
final class LogEscapes extends CharacterEscapes {

  private final int[] ascii;

  LogEscapes() {
    ascii = standardAsciiEscapesForJSON();
    ascii[0x7f] = ESCAPE_STANDARD;
  }

  @Override
  public int[] getEscapeCodesForAscii() {
    return ascii;
  }

  @Override
  public SerializableString getEscapeSequence(int ch) {
    if (!HiddenCharacters.isHidden(ch) || Character.isSurrogate((char) ch)) return null; // a pair is one character
    return new SerializedString(String.format(Locale.ROOT, "\\u%04X", ch));
  }
}
