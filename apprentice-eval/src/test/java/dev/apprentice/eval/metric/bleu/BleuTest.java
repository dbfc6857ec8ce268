package dev.apprentice.eval.metric.bleu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.eval.metric.Settings;
import java.util.List;
import org.junit.jupiter.api.Test;

class BleuTest {

  private final Bleu bleu = new Bleu(BleuSettings.defaults());

  @Test
  void anIdenticalSentenceScoresAHundred() {
    assertThat(bleu.score("The cat sat on the mat.", List.of("The cat sat on the mat.")).value())
        .isCloseTo(100.0, within(1e-9));
  }

  @Test
  void anEmptyHypothesisScoresZeroWithZeroBrevityPenalty() {
    BleuScore details = bleu.details(bleu.statistics("", List.of("a reference")), true);
    assertThat(details.score()).isZero();
    assertThat(details.brevityPenalty()).isZero();
    assertThat(details.sysLen()).isZero();
  }

  @Test
  void aHypothesisNeedsAtLeastOneReference() {
    assertThatThrownBy(() -> bleu.score("a hypothesis", List.of())).hasMessageContaining("no reference");
  }

  @Test
  void aShortSentenceScoresOnTheOrdersItHasOnlyAtSentenceLevel() {
    assertThat(bleu.score("a test", List.of("a test")).value()).isCloseTo(100.0, within(1e-9));
    assertThat(bleu.corpusScore(List.of("a test"), List.of(List.of("a test"))).value()).isCloseTo(0.0, within(1e-6));
  }

  @Test
  void effectiveOrderSetExplicitlyAppliesToSentencesToo() {
    Bleu withoutEffectiveOrder = Bleu.from(Settings.none().with("effective_order", false));
    assertThat(withoutEffectiveOrder.score("a test", List.of("a test")).value()).isCloseTo(0.0, within(1e-6));
  }

  @Test
  void matchesAreClippedByTheMostGenerousReference() {
    BleuStatistics statistics = bleu.statistics("the the the", List.of("the cat", "the the dog"));
    assertThat(statistics.correct()[0]).isEqualTo(2);
    assertThat(statistics.total()[0]).isEqualTo(3);
  }

  @Test
  void theClosestReferenceLengthWinsAndTiesGoToTheShorter() {
    assertThat(bleu.statistics("one two three", List.of("a b", "a b c d", "a b c d e f")).refLen()).isEqualTo(2);
    assertThat(bleu.statistics("one two three", List.of("a b c d e", "a b c d")).refLen()).isEqualTo(4);
  }

  @Test
  void floorAndAddKUseTheirDefaultValuesWhenNoneIsGiven() {
    BleuStatistics statistics = new BleuStatistics(4, 4, new long[] {3, 1, 0, 0}, new long[] {4, 3, 2, 1});
    double floorDefault = BleuFormula.compute(statistics, SmoothMethod.FLOOR, null, false, 4).score();
    double floorExplicit = BleuFormula.compute(statistics, SmoothMethod.FLOOR, 0.1, false, 4).score();
    assertThat(floorDefault).isEqualTo(floorExplicit).isGreaterThan(0);
    double addK = BleuFormula.compute(statistics, SmoothMethod.ADD_K, null, false, 4).score();
    double expected = Math.exp((Math.log(75.0) + Math.log(50.0) + Math.log(100.0 / 3) + Math.log(50.0)) / 4);
    assertThat(addK).isCloseTo(expected, within(1e-9));
  }

  @Test
  void lowercaseMakesCaseIrrelevant() {
    Bleu lowercase = Bleu.from(Settings.none().with("lowercase", true));
    assertThat(lowercase.score("THE CAT", List.of("the cat")).value()).isCloseTo(100.0, within(1e-9));
    assertThat(bleu.score("THE CAT", List.of("the cat")).value()).isZero();
  }

  @Test
  void aBadSettingValueIsRefusedWithItsName() {
    assertThatThrownBy(() -> Bleu.from(Settings.none().with("smooth_method", "laplace")))
        .hasMessageContaining("smooth_method").hasMessageContaining("laplace");
    assertThatThrownBy(() -> Bleu.from(Settings.none().with("max_ngram_order", "four")))
        .hasMessageContaining("max_ngram_order");
  }
}
