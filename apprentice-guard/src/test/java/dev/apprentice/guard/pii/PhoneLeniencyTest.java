package dev.apprentice.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhoneLeniencyTest {

  private static PiiScanner phones(List<String> regions, Leniency leniency) {
    return new PiiScanner(PiiSettings.defaults().withEntities(Set.of("PHONE_NUMBER")).withPhoneRegions(regions)
        .withPhoneLeniency(leniency));
  }

  @Test
  void aLocalNumberWithoutAreaCodeIsPossibleButNotValid() {
    String text = "please call 253-0000 tonight";
    assertThat(Found.in(phones(List.of("US"), Leniency.POSSIBLE), text)).containsExactly("PHONE_NUMBER:253-0000");
    assertThat(Found.in(phones(List.of("US"), Leniency.VALID), text)).isEmpty();
  }

  @Test
  void aFullNationalNumberIsFoundAtEveryLeniency() {
    for (Leniency leniency : Leniency.values()) {
      assertThat(Found.in(phones(List.of("US"), leniency), "call 650-253-0000 now"))
          .as(leniency.toString()).containsExactly("PHONE_NUMBER:650-253-0000");
    }
  }

  @Test
  void aNationalNumberOfAnotherCountryNeedsItsRegionHint() {
    String text = "ruf an: 030 901820";
    assertThat(Found.in(phones(List.of("US"), Leniency.VALID), text)).isEmpty();
    assertThat(Found.in(phones(List.of("US", "DE"), Leniency.VALID), text)).containsExactly("PHONE_NUMBER:030 901820");
  }

  @Test
  void aNumberWithItsCountryCodeNeedsNoRegionHint() {
    assertThat(Found.in(phones(List.of("US"), Leniency.VALID), "Berlin office: +49 30 901820"))
        .containsExactly("PHONE_NUMBER:+49 30 901820");
  }

  @Test
  void extensionsBelongToTheNumber() {
    assertThat(Found.in(phones(List.of("US"), Leniency.POSSIBLE), "desk 650-253-0000 ext. 123"))
        .containsExactly("PHONE_NUMBER:650-253-0000 ext. 123");
  }

  @Test
  void shortNumbersAreNotPhones() {
    assertThat(Found.in(phones(List.of("US", "DE"), Leniency.POSSIBLE), "room 12345 on floor 3")).isEmpty();
  }
}
