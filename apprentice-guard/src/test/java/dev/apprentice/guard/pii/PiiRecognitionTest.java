package dev.apprentice.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.guard.Finding;
import dev.apprentice.guard.ScanResult;
import org.junit.jupiter.api.Test;

class PiiRecognitionTest {

  @Test
  void eachEntityIsFoundWithExactOffsetsEndExclusive() {
    String text = "Write to ana.lopez+news@example.co.uk today";
    ScanResult result = new PiiScanner().scan(text);
    Finding email = result.findings().getFirst();
    assertThat(email.type()).isEqualTo("EMAIL_ADDRESS");
    assertThat(text.substring(email.start(), email.end())).isEqualTo("ana.lopez+news@example.co.uk");
    assertThat(result.risk()).isEqualTo(email.score());
  }

  @Test
  void emailsNeedAGoodLocalPartAndADomainWithATopLevelDomain() {
    assertThat(Found.in("mail me at first.last@mail.example.org.")).containsExactly("EMAIL_ADDRESS:first.last@mail.example.org");
    assertThat(Found.in("not@an-address and .bad.@example.com and a..b@example.com")).isEmpty();
  }

  @Test
  void anApostropheInsideTheLocalPartBelongsToTheAddressAndQuotesAroundItDoNot() {
    assertThat(Found.in("write to zoë.o'neil@corp.com or o’brien@corp.com"))
        .containsExactly("EMAIL_ADDRESS:zoë.o'neil@corp.com", "EMAIL_ADDRESS:o’brien@corp.com");
    assertThat(Found.in("the address is 'ana@example.com'.")).containsExactly("EMAIL_ADDRESS:ana@example.com");
  }

  @Test
  void cardNumbersAreFoundGroupedOrNotWhenTheyPassLuhnInAnIssuerRange() {
    assertThat(Found.in("Visa 4111 1111 1111 1111, Amex 3782-822463-10005, MC 5555555555554444"))
        .containsExactly("CREDIT_CARD:4111 1111 1111 1111", "CREDIT_CARD:3782-822463-10005",
            "CREDIT_CARD:5555555555554444");
    assertThat(Found.in("order 4111 1111 1111 1112 shipped")).isEmpty();
  }

  @Test
  void aCardNumberAfterAnotherNumberInTheSameRunIsStillFound() {
    assertThat(Found.in("in 2019 4111 1111 1111 1111 was used")).containsExactly("CREDIT_CARD:4111 1111 1111 1111");
  }

  @Test
  void digitsGluedToLettersAreNotACard() {
    assertThat(Found.in("licence U4111111111111111 issued")).doesNotContain("CREDIT_CARD:4111111111111111");
  }

  @Test
  void ibansAreFoundCompactGroupedOrLowerCaseAndStopAtTheirLength() {
    assertThat(Found.in("IBAN GB82 WEST 1234 5698 7654 32 for rent"))
        .containsExactly("IBAN_CODE:GB82 WEST 1234 5698 7654 32");
    assertThat(Found.in("send to de89370400440532013000 please")).containsExactly("IBAN_CODE:de89370400440532013000");
    assertThat(Found.in("iban GB82WEST12345698765433")).isEmpty();
  }

  @Test
  void ssnsWithDashesAreFoundAndForbiddenAreasAreNot() {
    assertThat(Found.in("ssn 536-82-9104")).containsExactly("US_SSN:536-82-9104");
    assertThat(Found.in("ref 666-82-9104 and 912-82-9104 and 536-00-9104")).noneMatch(found -> found.startsWith("US_SSN"));
  }

  @Test
  void ipv4AndIpv6AddressesAreFoundAndImpossibleOnesAreNot() {
    assertThat(Found.in("from 203.0.113.7 and 2001:db8:85a3::8a2e:370:7334 and fe80::1%eth0 via the router"))
        .containsExactly("IP_ADDRESS:203.0.113.7", "IP_ADDRESS:2001:db8:85a3::8a2e:370:7334",
            "IP_ADDRESS:fe80::1%eth0");
    assertThat(Found.in("the ratio 256.1.1.1 at 10:30:45 with std::vector and a::b on the host")).isEmpty();
  }

  @Test
  void urlsLeaveTrailingPunctuationOut() {
    assertThat(Found.in("see (https://example.com/docs?q=1).")).containsExactly("URL:https://example.com/docs?q=1");
    assertThat(Found.in("visit www.example.org, then")).containsExactly("URL:www.example.org");
  }

  @Test
  void cryptoWalletsNeedTheirChecksums() {
    assertThat(Found.in("send to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa or bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"))
        .containsExactly("CRYPTO:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "CRYPTO:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
    assertThat(Found.in("send to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb")).isEmpty();
    assertThat(Found.in("my eth wallet 0x52908400098527886E0F7030069857D2E4169EE7"))
        .containsExactly("CRYPTO:0x52908400098527886E0F7030069857D2E4169EE7");
  }

  @Test
  void aHostLongerThanADomainNameCanBeIsNoUrlAndDoesNotOverflowTheStack() {
    assertThat(Found.in("see " + "www.".repeat(16_384) + "example.com")).isEmpty();
    String longButValid = "www." + "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + ".com";
    assertThat(Found.in("see " + longButValid + " today")).containsExactly("URL:" + longButValid);
  }

  @Test
  void walletPrefixesCountOnlyAtTheStartOfAWord() {
    String address = "0xAbCdEf0123AbCdEf0123AbCdEf0123AbCdEf0123";
    assertThat(Found.in("flags 0x1F and 0x0, then BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4 and 0x" + address))
        .containsExactly("CRYPTO:BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4");
    assertThat(Found.in("id a" + address + " or " + address + "a")).isEmpty();
    assertThat(Found.in("to " + address + ".")).containsExactly("CRYPTO:" + address);
  }

  @Test
  void emptyOrNullTextHasNoFindings() {
    assertThat(new PiiScanner().scan("").findings()).isEmpty();
    assertThat(new PiiScanner().scan(null).risk()).isZero();
  }
}
