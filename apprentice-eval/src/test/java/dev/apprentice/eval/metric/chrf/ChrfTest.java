package dev.apprentice.eval.metric.chrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.eval.metric.Settings;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChrfTest {

  @Test
  void identicalTextScoresAHundredWithAndWithoutWordNGrams() {
    String text = "The quick brown fox, jumps.";
    assertThat(Chrf.from(Settings.none()).score(text, List.of(text)).value()).isEqualTo(100.0);
    assertThat(Chrf.from(Settings.none().with("word_order", 2)).score(text, List.of(text)).value()).isEqualTo(100.0);
  }

  @Test
  void wordNGramsCountAsOrdersOfTheirOwn() {
    Chrf chrf = Chrf.from(Settings.none().with("char_order", 2).with("word_order", 1));
    // chars: unigrams 1 of 2 match, the bigrams "ab"/"ac" none; words: 1 of 2 match -> P = R = 1/3
    assertThat(chrf.score("a b", List.of("a c")).value()).isCloseTo(100.0 / 3, within(1e-9));
  }

  @Test
  void chrfPlusPlusSplitsOnePunctuationMarkOffAWord() {
    assertThat(ChrfNGrams.splitPunctuation("(hi) end. ,x a")).containsExactly("(hi", ")", "end", ".", ",", "x", "a");
  }

  @Test
  void theBestReferenceIsKept() {
    Chrf chrf = Chrf.from(Settings.none());
    double best = chrf.score("kitten", List.of("sitting", "kitten")).value();
    assertThat(best).isEqualTo(100.0);
  }

  @Test
  void whitespaceAndRemoveWhitespaceMustAgree() {
    assertThatThrownBy(() -> Chrf.from(Settings.none().with("whitespace", true).with("remove_whitespace", true)))
        .hasMessageContaining("contradict");
    assertThat(ChrfSettings.from(Settings.none().with("remove_whitespace", false)).whitespace()).isTrue();
  }
}
