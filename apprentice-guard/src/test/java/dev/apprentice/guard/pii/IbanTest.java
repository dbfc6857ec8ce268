package dev.apprentice.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IbanTest {

  @ParameterizedTest
  @ValueSource(strings = {"GB82WEST12345698765432", "gb82west12345698765432", "DE89370400440532013000",
      "FR1420041010050500013M02606", "NL91ABNA0417164300", "BE68539007547034", "NO9386011117947",
      "MT84MALT011000012345MTLCAST001S", "CH9300762011623852957", "ES9121000418450200051332",
      "IT60X0542811101000000123456"})
  void ibansOfSeveralCountriesPassTheLengthAndMod97Checks(String iban) {
    assertThat(Iban.valid(iban)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"GB82WEST12345698765433", "GB28WEST12345698765432", "DE8937040044053201300",
      "NL91ABNA04171643001", "XX82WEST12345698765432", "GB8XWEST12345698765432", "GB82WEST1234569876543!"})
  void aWrongCheckLengthCountryOrCharacterFails(String iban) {
    assertThat(Iban.valid(iban)).isFalse();
  }
}
