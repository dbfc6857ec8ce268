package dev.apprentice.api.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceTagRulesTest {

  @Test
  void aTagOf128CharactersCountedInCodePointsIsKeptAndOneMoreIsTooLong() {
    String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
    assertThat(TraceTagRules.problem(emoji.repeat(128))).isNull();
    assertThat(TraceTagRules.problem("x".repeat(129))).isEqualTo(TraceTagRules.Problem.TOO_LONG);
  }

  @Test
  void controlAndFormatCharactersAreNotKept() {
    for (String hidden : new String[] {"a\nb", "\u001b[2J", "\u202e", "\u200b", "a\tb"}) {
      assertThat(TraceTagRules.problem(hidden)).as("%s", hidden).isEqualTo(TraceTagRules.Problem.HIDDEN_CHARACTER);
    }
  }

  @Test
  void onlyTheSpacesAndTabsAroundATagAreTrimmed() {
    assertThat(TraceTagRules.trimmed(" \t a b\t ")).isEqualTo("a b");
    assertThat(TraceTagRules.trimmed("\u2003a\u00a0")).isEqualTo("\u2003a\u00a0");
  }
}
