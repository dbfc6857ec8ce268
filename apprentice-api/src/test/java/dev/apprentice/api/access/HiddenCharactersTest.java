package dev.apprentice.api.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HiddenCharactersTest {

  @Test
  void everyControlAndFormatCharacterIsEscapedAndTheRestIsLeftAsItIs() {
    String sent = "a\nb\rc\td\u001b[2Je\u0085f\u2028g\u2029h\u202ei\u009bj\u007fk\u200bl\uDB40\uDC01m";

    assertThat(HiddenCharacters.escaped(sent)).isEqualTo(
        "a\\nb\\rc\\td\\u001B[2Je\\u0085f\\u2028g\\u2029h\\u202Ei\\u009Bj\\u007Fk\\u200Bl\\uDB40\\uDC01m");
  }

  @Test
  void plainTextBackslashesAndOtherScriptsAreUnchanged() {
    String plain = "C:\\models\\gpt – Grüße, 日本語, emoji \uD83D\uDE00";

    assertThat(HiddenCharacters.escaped(plain)).isSameAs(plain);
  }
}
