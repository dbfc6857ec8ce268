package dev.apprentice.eval.metric.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PythonTextTest {

  @Test
  void splitSeparatesOnEveryKindOfWhitespacePythonKnows() {
    assertThat(PythonText.split("  a\u00a0b\tc\u3000d\u0085e\u001cf  ")).containsExactly("a", "b", "c", "d", "e", "f");
  }

  @Test
  void splitOfBlankTextIsEmpty() {
    assertThat(PythonText.split(" \n\t ")).isEmpty();
    assertThat(PythonText.split("")).isEmpty();
  }

  @Test
  void zeroWidthSpaceIsNotWhitespace() {
    assertThat(PythonText.split("a\u200bb")).containsExactly("a\u200bb");
  }

  @Test
  void rstripRemovesTrailingWhitespaceOnly() {
    assertThat(PythonText.rstrip("  text \n\u00a0")).isEqualTo("  text");
  }

  @Test
  void removeSpacesJoinsTheWords() {
    assertThat(PythonText.removeSpaces(" a b\u2009c ")).isEqualTo("abc");
  }

  @Test
  void codePointsCountAnAstralCharacterOnce() {
    assertThat(PythonText.codePoints("a😀b")).hasSize(3);
  }
}
