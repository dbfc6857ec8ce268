package dev.apprentice.eval.metric.ter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.eval.metric.Settings;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerTest {

  private final Ter ter = new Ter(TerSettings.defaults());

  private double score(String hypothesis, String... references) {
    return ter.score(hypothesis, List.of(references)).value();
  }

  @Test
  void aBlockInTheWrongPlaceCostsOneShift() {
    assertThat(score("d e f g h a b c", "a b c d e f g h")).isCloseTo(12.5, within(1e-9));
    assertThat(TranslationEditRate.of(new int[] {4, 5, 6, 7, 8, 1, 2, 3}, new int[] {1, 2, 3, 4, 5, 6, 7, 8}).edits())
        .isEqualTo(1);
  }

  @Test
  void aShiftAndASubstitutionAddUp() {
    assertThat(TranslationEditRate.of(new int[] {3, 1, 2, 9}, new int[] {1, 2, 3, 4}).edits()).isEqualTo(2);
  }

  @Test
  void withoutSharedWordsEveryWordIsAnEdit() {
    assertThat(score("x y z", "a b c d")).isCloseTo(100.0, within(1e-9));
  }

  @Test
  void anEmptyHypothesisNeedsEveryReferenceWordInserted() {
    assertThat(score("", "a b c")).isCloseTo(100.0, within(1e-9));
  }

  @Test
  void anEmptyReferenceScoresAHundredUnlessTheHypothesisIsEmptyToo() {
    assertThat(score("a b", "")).isEqualTo(100.0);
    assertThat(score("", "")).isZero();
  }

  @Test
  void theFewestEditsOverTheReferencesCountAgainstTheirMeanLength() {
    double[] statistics = ter.statistics("a b c", List.of("a b c d", "x y"));
    assertThat(statistics[0]).isEqualTo(1.0);
    assertThat(statistics[1]).isEqualTo(3.0);
  }

  @Test
  void caseIsIgnoredUnlessCaseSensitive() {
    assertThat(score("The Cat", "the cat")).isZero();
    Ter sensitive = Ter.from(Settings.none().with("case_sensitive", true));
    assertThat(sensitive.score("The Cat", List.of("the cat")).value()).isEqualTo(100.0);
  }

  @Test
  void shiftsMoveWordsBeforeTheTarget() {
    int[] words = {0, 1, 2, 3, 4, 5};
    assertThat(ShiftSearch.shift(words, 3, 2, 1)).containsExactly(0, 3, 4, 1, 2, 5);
    assertThat(ShiftSearch.shift(words, 1, 2, 5)).containsExactly(0, 3, 4, 1, 2, 5);
    assertThat(ShiftSearch.shift(words, 1, 2, 2)).containsExactly(0, 3, 1, 2, 4, 5);
  }

  @Test
  void theTercomTokenizerNormalizesAndDropsPunctuationOnRequest() {
    TercomTokenizer normalized = new TercomTokenizer(new TerSettings(true, false, false, false));
    assertThat(normalized.tokenize("It's 3.5, John's (big) day.")).isEqualTo("it 's 3.5 , john 's ( big ) day .");
    TercomTokenizer noPunct = new TercomTokenizer(new TerSettings(false, true, false, true));
    assertThat(noPunct.tokenize("Hi, (you)! Ok?")).isEqualTo("Hi you Ok");
  }

  @Test
  void asianSupportSplitsCjkCharacters() {
    TercomTokenizer asian = new TercomTokenizer(new TerSettings(true, false, true, false));
    assertThat(asian.tokenize("我爱你。")).isEqualTo("我 爱 你 。");
  }
}
