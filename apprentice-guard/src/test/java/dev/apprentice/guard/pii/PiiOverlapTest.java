package dev.apprentice.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PiiOverlapTest {

  @Test
  void anIpInsideAUrlIsReportedOnceAsTheUrl() {
    assertThat(Found.in("open http://192.168.1.20:8080/admin now")).containsExactly("URL:http://192.168.1.20:8080/admin");
  }

  @Test
  void aCardNumberThatIsAlsoAPossiblePhoneIsReportedAsTheCard() {
    assertThat(Found.in("call about 4012888888881881 please")).containsExactly("CREDIT_CARD:4012888888881881");
  }

  @Test
  void anEmailWhoseLocalPartIsAPhoneNumberIsOneEmail() {
    assertThat(Found.in("write 6502530000@example.com")).containsExactly("EMAIL_ADDRESS:6502530000@example.com");
  }

  @Test
  void aValueInsideAUrlThatScoresBelowTheThresholdCountsOnItsOwn() {
    PiiScanner strict = new PiiScanner(PiiSettings.defaults().withThreshold(0.7));
    String url = "https://crm.example.com/users/alice.smith@corp.com/edit?iban=DE89370400440532013000";

    assertThat(Found.in(strict, "Open " + url)).contains("EMAIL_ADDRESS:alice.smith@corp.com",
        "IBAN_CODE:DE89370400440532013000");
  }

  @Test
  void anEmailInsideAUrlIsPartOfTheUrl() {
    assertThat(Found.in("https://example.com/u/jane@example.org/profile"))
        .containsExactly("URL:https://example.com/u/jane@example.org/profile");
  }
}
