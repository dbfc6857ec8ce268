package dev.apprentice.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SsnRulesTest {

  @ParameterizedTest
  @CsvSource({"460,89,9847", "001,01,0001", "665,99,9999", "667,10,1234", "899,45,0001"})
  void numbersThatCouldBeIssuedPass(String area, String group, String serial) {
    assertThat(SsnRules.valid(area, group, serial)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"000,12,3456", "666,12,3456", "900,12,3456", "999,12,3456", "123,00,4567", "123,45,0000",
      "078,05,1120", "123,45,6789", "12,345,6789"})
  void forbiddenAreasGroupsSerialsAndAdvertisedNumbersFail(String area, String group, String serial) {
    assertThat(SsnRules.valid(area, group, serial)).isFalse();
  }
}
