package dev.apprentice.eval.metric.rouge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PorterStemmerTest {

  private static String stemAll(String words) {
    return String.join(" ", Arrays.stream(words.split(" ")).map(PorterStemmer::stem).toList());
  }

  @Test
  void nltksDocumentedExamplesStemAsNltkDoes() {
    assertThat(stemAll("caresses flies dies mules denied died agreed owned humbled sized meeting stating siezing "
        + "itemization sensational traditional reference colonizer plotted"))
        .isEqualTo("caress fli die mule deni die agre own humbl size meet state siez item sensat tradit refer "
            + "colon plot");
  }

  @Test
  void irregularFormsComeFromNltksTable() {
    assertThat(stemAll("skies dying lying tying news innings outings cannings proceed exceed succeed"))
        .isEqualTo("sky die lie tie news inning outing canning proceed exceed succeed");
  }

  @Test
  void shortWordsAreLeftAlone() {
    assertThat(stemAll("is as by")).isEqualTo("is as by");
  }

  @Test
  void stepOneRulesFromThePaper() {
    assertThat(stemAll("ponies ties caress cats feed plastered bled motoring sing conflated troubled hopping "
        + "tanned falling hissing fizzed failing filing happy"))
        .isEqualTo("poni tie caress cat feed plaster bled motor sing conflat troubl hop tan fall hiss fizz fail file "
            + "happi");
  }

  @Test
  void laterStepsRemoveDerivationalSuffixes() {
    assertThat(stemAll("relational conditional rational generalization hopefulness electrical goodness "
        + "adjustment dependent adoption controlling roll probate rate cease"))
        .isEqualTo("relat condit ration gener hope electr good adjust depend adopt control roll probat rate ceas");
  }

  @Test
  void nltkExtensionsForAlliAndLogi() {
    assertThat(stemAll("radically archaeology geology")).isEqualTo("radic archaeolog geolog");
  }
}
