package dev.apprentice.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-pass reader behind the default POSSIBLE leniency: chains of digit groups read under every region hint. */
class PhoneReaderTest {

  private static List<String> read(List<String> regions, String text) {
    PhoneReader reader = new PhoneReader(regions, 7);
    return reader.read(text, 0, text.length()).stream()
        .map(r -> text.substring(r.start(), r.end()) + (r.valid() ? " valid" : " possible")
            + (r.international() ? " international" : ""))
        .toList();
  }

  @Test
  void aNationalNumberIsValidUnderTheHintOfItsCountryOnly() {
    assertThat(read(List.of("US"), "ruf an: 030 901820")).doesNotContain("030 901820 valid");
    assertThat(read(List.of("US", "DE"), "ruf an: 030 901820")).containsExactly("030 901820 valid");
  }

  @Test
  void theNationalPrefixIsDroppedOrKeptAsTheRegionNeeds() {
    assertThat(read(List.of("GB"), "call 020 7946 0958")).containsExactly("020 7946 0958 valid");
    assertThat(read(List.of("US"), "call 1 650 253 0000")).containsExactly("1 650 253 0000 valid");
  }

  @Test
  void aParisNumberStartingWithZeroOneIsNationalNotAnInternationalPrefix() {
    assertThat(read(List.of("US", "FR"), "appelez le 01 42 68 53 00")).containsExactly("01 42 68 53 00 valid");
  }

  @Test
  void anInternationalPrefixIsReadAsTheHintDialsIt() {
    assertThat(read(List.of("US"), "from the US dial 011 44 20 7946 0958"))
        .containsExactly("011 44 20 7946 0958 valid international");
    assertThat(read(List.of("GB"), "from Britain dial 00 1 650 253 0000"))
        .containsExactly("00 1 650 253 0000 valid international");
  }

  @Test
  void aBracketedAreaCodeAndAnExtensionBelongToTheNumber() {
    assertThat(read(List.of("US"), "fax (579)888-3058 or 259.735.7502x459 or 650-253-0000 ext. 12"))
        .containsExactly("(579)888-3058 valid", "259.735.7502x459 possible", "650-253-0000 ext. 12 valid");
  }

  @Test
  void aNumberWrittenWithPlusIsReadWholeEvenWhenOnlyPossible() {
    assertThat(read(List.of("US", "DE"), "Desk: +1-903-140-4508x769"))
        .containsExactly("+1-903-140-4508x769 possible international");
  }

  @Test
  void groupsInsideAChainNoHintCanReadAreReadOnTheirOwn() {
    assertThat(read(List.of("US"), "numbers 650 253 0000 415 555 0132"))
        .contains("650 253 0000 valid", "415 555 0132 valid");
  }

  @Test
  void numbersRunTogetherAreReadOneAfterAnother() {
    assertThat(read(List.of("US"), "call 650 253 0000 415 555 0132 212 555 0100 today"))
        .contains("650 253 0000 valid", "415 555 0132 valid", "212 555 0100 valid");
  }

  @Test
  void aKilobyteOfDigitGroupsIsReadOnlyUpToTheBudgetOfPartsPerWindow() {
    String ones = "1 ".repeat(512);
    assertThat(new PhoneReader(List.of("US", "GB", "DE"), 7).read(ones, 0, ones.length())).hasSizeLessThanOrEqualTo(96);
  }

  @Test
  void digitsApartByLettersOrLineBreaksAreSeparateChains() {
    assertThat(PhoneChains.longest("650 253\n0000 and 415 x", 0, 22)).hasSize(3);
    assertThat(PhoneChains.longest("650-253-0000", 0, 12)).singleElement()
        .satisfies(chain -> assertThat(chain.digits()).isEqualTo("6502530000"));
  }
}
