package dev.apprentice.eval.metric.rouge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.eval.metric.Score;
import java.util.List;
import org.junit.jupiter.api.Test;

class RougeTest {

  private static Score.PrecisionRecall score(String type, boolean stem, String prediction, String... targets) {
    return (Score.PrecisionRecall) new Rouge(type, stem).score(prediction, List.of(targets));
  }

  @Test
  void theTokenizerKeepsLowercaseAsciiLettersAndDigitsOnly() {
    assertThat(new RougeTokenizer(false).tokens("Hello, World! It's 2024 — café")).containsExactly("hello", "world",
        "it", "s", "2024", "caf");
  }

  @Test
  void theStemmerTouchesOnlyTokensLongerThanThreeCharacters() {
    assertThat(new RougeTokenizer(true).tokens("cats running dies ties")).containsExactly("cat", "run", "die", "tie");
    assertThat(new RougeTokenizer(true).tokens("was has")).containsExactly("was", "has");
  }

  @Test
  void anEmptyPredictionScoresZeroEverywhere() {
    for (String type : List.of("rouge1", "rouge2", "rougeL", "rougeLsum")) {
      assertThat(score(type, false, "", "the cat sat")).as(type).isEqualTo(new Score.PrecisionRecall(0, 0, 0));
    }
  }

  @Test
  void aPredictionNeedsATarget() {
    assertThatThrownBy(() -> new Rouge("rouge1", false).score("text", List.of())).hasMessageContaining("no reference");
  }

  @Test
  void rougeTwoCountsBigramOverlap() {
    Score.PrecisionRecall score = score("rouge2", false, "the cat sat down", "the cat sat on the mat");
    assertThat(score.precision()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(score.recall()).isCloseTo(2.0 / 5, within(1e-12));
  }

  @Test
  void rougeLUsesTheLongestCommonSubsequence() {
    Score.PrecisionRecall score = score("rougeL", false, "police killed the gunman", "police kill the gunman");
    assertThat(score.precision()).isCloseTo(0.75, within(1e-12));
    assertThat(score.recall()).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void severalTargetsKeepTheBestFMeasure() {
    Score.PrecisionRecall score = score("rouge1", false, "a b c", "x y z", "a b c d", "a");
    assertThat(score.precision()).isEqualTo(1.0);
    assertThat(score.recall()).isEqualTo(0.75);
  }

  @Test
  void rougeLsumTakesTheUnionOfSentenceLcsAndClipsRepeatedTokens() {
    Score.PrecisionRecall score = score("rougeLsum", false, "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5", "w1 w2 w3 w4 w5");
    assertThat(score.recall()).isCloseTo(0.8, within(1e-12));
    assertThat(score.precision()).isCloseTo(0.4, within(1e-12));
    Score.PrecisionRecall repeated = score("rougeLsum", false, "a a\na a", "a");
    assertThat(repeated.recall()).isEqualTo(1.0);
    assertThat(repeated.precision()).isEqualTo(0.25);
  }

  @Test
  void anUnknownRougeTypeIsRefused() {
    assertThatThrownBy(() -> new Rouge("rougeX", false)).hasMessageContaining("rougeX");
  }
}
