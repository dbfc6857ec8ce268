package dev.apprentice.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.guard.Finding;
import org.junit.jupiter.api.Test;

class PiiContextTest {

  private final PiiScanner scanner = new PiiScanner();

  @Test
  void nineBareDigitsAreAnSsnOnlyWithAContextWord() {
    assertThat(Found.in("ticket 536829104 closed")).noneMatch(found -> found.startsWith("US_SSN"));
    assertThat(Found.in("my SSN is 536829104")).containsExactly("US_SSN:536829104");
    assertThat(Found.in("social security number: 536 82 9104")).containsExactly("US_SSN:536 82 9104");
  }

  @Test
  void aLuhnValidNumberOutsideTheIssuerRangesNeedsCardContext() {
    assertThat(Found.in("reference 3512000012345679 attached")).isEmpty();
    assertThat(Found.in("my card 3512000012345679 was declined")).containsExactly("CREDIT_CARD:3512000012345679");
  }

  @Test
  void contextRaisesTheScoreOfAValidatedMatch() {
    Finding bare = scanner.scan("4111111111111111").findings().getFirst();
    Finding withContext = scanner.scan("credit card 4111111111111111").findings().getFirst();
    assertThat(withContext.score()).isGreaterThan(bare.score());
  }

  @Test
  void aNumberBeforeAStreetNameIsAHouseNumberNotAPhone() {
    assertThat(Found.in("they're at 253-0000 now")).containsExactly("PHONE_NUMBER:253-0000");
    assertThat(Found.in("they live at 17151 2450 Crown Street")).isEmpty();
  }

  @Test
  void datesUuidsAndNumbersCalledInvoicesOrTimestampsAreNotPhones() {
    assertThat(Found.in("merged on 2024-03-05 at 10:30 after review")).isEmpty();
    assertThat(Found.in("id 123e4567-e89b-12d3-a456-426614174000 stored")).isEmpty();
    assertThat(Found.in("invoice 20240305-0042 paid, timestamp 1700000000 logged")).isEmpty();
  }

  @Test
  void aUuidWhoseDigitsStartLateIsStillNoPhone() {
    assertThat(Found.in("x 1234-567890abcdef y")).containsExactly("PHONE_NUMBER:1234-567890");
    // the digit run opens its window 7 characters after the UUID starts: the shape must be looked for before it
    assertThat(Found.in("x deadbeef-cafe-babe-1234-567890abcdef y")).isEmpty();
  }

  @Test
  void versionNumbersAreNotIpAddresses() {
    assertThat(Found.in("upgrade to version 1.2.3.4 today")).isEmpty();
    assertThat(Found.in("the server 1.2.3.4 is down")).containsExactly("IP_ADDRESS:1.2.3.4");
  }

  @Test
  void anAddressGluedToANameByAnUnderscoreOrADotIsAnIpAddressNotAPhone() {
    assertThat(Found.in("connect to server_192.168.10.25 now")).containsExactly("IP_ADDRESS:192.168.10.25");
    assertThat(Found.in("ping host.172.16.254.1 again")).containsExactly("IP_ADDRESS:172.16.254.1");
    assertThat(Found.in("db_10.20.30.40 is up")).containsExactly("IP_ADDRESS:10.20.30.40");
    assertThat(Found.in("ip=10.0.0.5 set")).containsExactly("IP_ADDRESS:10.0.0.5");
    assertThat(Found.in("server_2001:db8::1 and host.fe80::1")).containsExactly("IP_ADDRESS:2001:db8::1",
        "IP_ADDRESS:fe80::1");
  }

  @Test
  void anAddressGluedToANameIsFoundWhenPhoneNumbersAreNotLookedFor() {
    PiiScanner addressesOnly = new PiiScanner(PiiSettings.defaults().withEntities(java.util.Set.of("IP_ADDRESS")));

    assertThat(Found.in(addressesOnly, "connect to server_192.168.10.25 now"))
        .containsExactly("IP_ADDRESS:192.168.10.25");
    assertThat(Found.in(addressesOnly, "ping host.172.16.254.1 again")).containsExactly("IP_ADDRESS:172.16.254.1");
  }

  @Test
  void aVersionGluedToItsNameStaysAVersion() {
    // a version word before the underscore or dot lowers the score as it does before a space
    assertThat(Found.in("install release_1.2.3.4 today")).isEmpty();
    assertThat(Found.in("install version.1.2.3.4 today")).isEmpty();
    // digits glued to a letter, or after a dot that follows a digit, are no address's start
    assertThat(Found.in("install v1.2.3.4 today")).isEmpty();
    assertThat(Found.in("install python3.10.0.1 or 1.2.3.4.5 today")).isEmpty();
  }
}
