package dev.apprentice.eval.metric.bleu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenizersTest {

  private final BleuTokenizer v13a = BleuTokenizer.named("13a");
  private final BleuTokenizer intl = BleuTokenizer.named("intl");

  @Test
  void thirteenASplitsPunctuationButNotTheApostrophe() {
    assertThat(v13a.tokenize("Hello, world! It wasn't me.")).isEqualTo("Hello , world ! It wasn't me .");
  }

  @Test
  void thirteenAKeepsDecimalAndThousandsSeparatorsBetweenDigits() {
    assertThat(v13a.tokenize("Pi is 3.14, not 1,000.")).isEqualTo("Pi is 3.14 , not 1,000 .");
  }

  @Test
  void thirteenASplitsADashAfterADigitOnly() {
    assertThat(v13a.tokenize("5-3 is well-known")).isEqualTo("5 - 3 is well-known");
  }

  @Test
  void thirteenASplitsSymbolsAndBrackets() {
    assertThat(v13a.tokenize("$100 (approx.) {x} [y] a/b @home")).isEqualTo("$ 100 ( approx . ) { x } [ y ] a / b @ home");
  }

  @Test
  void thirteenAUnescapesEntitiesAndJoinsLines() {
    assertThat(v13a.tokenize("&quot;hi&quot; &amp; &lt;b&gt;")).isEqualTo("\" hi \" & < b >");
    assertThat(v13a.tokenize("hyphen-\nated two\nlines<skipped>")).isEqualTo("hyphenated two lines");
  }

  @Test
  void thirteenALeavesNonAsciiLettersAlone() {
    assertThat(v13a.tokenize("Producţia de zahăr; ça va?")).isEqualTo("Producţia de zahăr ; ça va ?");
  }

  @Test
  void intlSplitsUnicodePunctuationAndSymbols() {
    assertThat(intl.tokenize("«Bonjour», dit-il… 5€ 3.5")).isEqualTo("« Bonjour » , dit - il … 5 € 3.5");
  }

  @Test
  void charMakesEveryCharacterAToken() {
    assertThat(BleuTokenizer.named("char").tokenize("ab c😀")).isEqualTo("a b   c 😀");
  }

  @Test
  void noneLeavesTheLineAsItIs() {
    assertThat(BleuTokenizer.named("none").tokenize("a,b .c")).isEqualTo("a,b .c");
  }

  @Test
  void anUnavailableTokenizerIsRefusedByName() {
    assertThatThrownBy(() -> BleuTokenizer.named("zh")).hasMessageContaining("'zh'").hasMessageContaining("13a");
  }
}
