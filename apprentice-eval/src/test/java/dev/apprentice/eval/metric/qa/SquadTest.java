package dev.apprentice.eval.metric.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SquadTest {

  private final ExactMatch exactMatch = new ExactMatch();
  private final SquadF1 f1 = new SquadF1();

  @Test
  void normalizationLowercasesDropsPunctuationArticlesAndExtraSpaces() {
    assertThat(SquadNormalizer.normalize("  The Quick,   brown fox! ")).isEqualTo("quick brown fox");
    assertThat(SquadNormalizer.normalize("An apple a day")).isEqualTo("apple day");
    assertThat(SquadNormalizer.normalize("theatre, another")).isEqualTo("theatre another");
    assertThat(SquadNormalizer.normalize("Año the_end")).isEqualTo("año theend");
  }

  @Test
  void exactMatchComparesNormalizedAnswersAgainstAnyReference() {
    assertThat(exactMatch.score("The Eiffel Tower!", List.of("Big Ben", "eiffel tower")).value()).isEqualTo(100.0);
    assertThat(exactMatch.score("Eiffel", List.of("eiffel tower")).value()).isZero();
  }

  @Test
  void f1CountsSharedTokensAndKeepsTheBestReference() {
    assertThat(f1.score("abd", List.of("abc abd", "$$$$")).value()).isCloseTo(200.0 / 3, within(1e-9));
    assertThat(f1.score("x b c", List.of("x", "b c d")).value()).isCloseTo(200.0 / 3, within(1e-9));
  }

  @Test
  void emptyAnswersMatchExactlyButHaveNoF1AsInT5() {
    assertThat(exactMatch.score("", List.of("the")).value()).isEqualTo(100.0);
    assertThat(f1.score("", List.of("")).value()).isZero();
  }
}
