package dev.apprentice.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CardValidationTest {

  @ParameterizedTest
  @ValueSource(strings = {"4111111111111111", "5555555555554444", "378282246310005", "6011111111111117",
      "3530111333300000", "30569309025904", "6200000000000005", "2221000000000009", "79927398713"})
  void correctCheckDigitsPassLuhn(String number) {
    assertThat(Luhn.valid(number)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"4111111111111112", "5555555555554445", "79927398710", "4", "41a1111111111111"})
  void wrongCheckDigitsOrNonDigitsFailLuhn(String number) {
    assertThat(Luhn.valid(number)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"4111111111111111,visa", "4222222222222,visa", "5555555555554444,mastercard",
      "2221000000000009,mastercard", "378282246310005,amex", "30569309025904,diners", "6011111111111117,discover",
      "3530111333300000,jcb", "180016070420458,jcb", "6200000000000005,unionpay", "675900001230,maestro"})
  void issuerRangesAndLengthsNameTheNetwork(String number, String network) {
    assertThat(CardIssuers.network(number)).isEqualTo(network);
  }

  @Test
  void aNumberOutsideEveryRangeOrOfTheWrongLengthHasNoNetwork() {
    assertThat(CardIssuers.network("3512000012345679")).isNull();
    assertThat(CardIssuers.network("55555555555544")).isNull();
    assertThat(CardIssuers.network("411111111111")).isNull();
    assertThat(CardIssuers.network("9111111111111111")).isNull();
  }
}
