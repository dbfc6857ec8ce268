package dev.apprentice.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OverlapsTest {

  private static Finding finding(String type, int start, int end, double score) {
    return new Finding(type, start, end, score, "x".repeat(end - start));
  }

  @Test
  void aFindingInsideALongerOneGoesEvenWhenItScoresHigher() {
    Finding url = finding("URL", 0, 30, 0.6);
    Finding ip = finding("IP_ADDRESS", 7, 19, 0.9);
    assertThat(Overlaps.resolve(List.of(ip, url))).containsExactly(url);
  }

  @Test
  void ofTwoReadingsOfTheSameSpanTheHigherScoreWins() {
    Finding card = finding("CREDIT_CARD", 5, 21, 0.8);
    Finding phone = finding("PHONE_NUMBER", 5, 21, 0.6);
    assertThat(Overlaps.resolve(List.of(phone, card))).containsExactly(card);
  }

  @Test
  void aTieOnScoreAndLengthGoesToTheMoreSpecificType() {
    Finding card = finding("CREDIT_CARD", 5, 21, 0.6);
    Finding phone = finding("PHONE_NUMBER", 5, 21, 0.6);
    assertThat(Overlaps.resolve(List.of(phone, card))).containsExactly(card);
  }

  @Test
  void partlyOverlappingFindingsKeepTheBetterOne() {
    Finding first = finding("PHONE_NUMBER", 0, 10, 0.4);
    Finding second = finding("US_SSN", 6, 17, 0.6);
    assertThat(Overlaps.resolve(List.of(first, second))).containsExactly(second);
  }

  @Test
  void anInnerFindingReturnsWhenItsContainerLosesToAThirdOne() {
    Finding phone = finding("PHONE_NUMBER", 0, 20, 0.4);
    Finding ssn = finding("US_SSN", 0, 11, 0.6);
    Finding card = finding("CREDIT_CARD", 15, 35, 0.8);
    assertThat(Overlaps.resolve(List.of(phone, ssn, card))).containsExactly(ssn, card);
  }

  @Test
  void disjointFindingsAreAllKeptInTextOrder() {
    Finding late = finding("EMAIL_ADDRESS", 20, 30, 0.9);
    Finding early = finding("URL", 0, 10, 0.5);
    assertThat(Overlaps.resolve(List.of(late, early))).containsExactly(early, late);
  }

  private static ScanResult found(String scanner, Finding... findings) {
    return ScanResult.of(scanner, List.of(findings));
  }

  @Test
  void aValueInsideASecretAnotherScannerFoundIsPartOfTheSecret() {
    Finding phone = finding("PHONE_NUMBER", 18, 28, 0.6);
    Finding key = finding("SECRET", 10, 48, 0.85);

    List<ScanResult> read = Overlaps.betweenScanners(List.of(found("pii", phone), found("secrets", key)),
        List.of(0.5, 0.5));

    assertThat(read.get(0).findings()).isEmpty();
    assertThat(read.get(0).risk()).isZero();
    assertThat(read.get(1).findings()).containsExactly(key);
  }

  @Test
  void aSecretBelowItsThresholdLeavesTheValueInsideItCounting() {
    Finding phone = finding("PHONE_NUMBER", 18, 28, 0.6);
    Finding key = finding("SECRET", 10, 48, 0.4);

    List<ScanResult> read = Overlaps.betweenScanners(List.of(found("pii", phone), found("secrets", key)),
        List.of(0.5, 0.5));

    assertThat(read.get(0).findings()).containsExactly(phone);
  }

  @Test
  void aSecretInsideAUrlAndAValueSpellingASecretStandBesideIt() {
    Finding url = finding("URL", 0, 60, 0.6);
    Finding keyInUrl = finding("SECRET", 30, 60, 0.85);
    Finding iban = finding("IBAN_CODE", 70, 92, 0.9);
    Finding password = finding("SECRET", 70, 92, 0.7);

    List<ScanResult> read = Overlaps.betweenScanners(
        List.of(found("pii", url, iban), found("secrets", keyInUrl, password)), List.of(0.5, 0.5));

    assertThat(read.get(0).findings()).containsExactly(url, iban);
    assertThat(read.get(1).findings()).containsExactly(keyInUrl, password);
  }

  @Test
  void anInstructionInsideASecretIsNoValueAndStays() {
    Finding instruction = finding("PROMPT_INJECTION", 12, 40, 0.9);
    Finding block = finding("SECRET", 0, 200, 0.99);

    List<ScanResult> read = Overlaps.betweenScanners(
        List.of(found("injection", instruction), found("secrets", block)), List.of(0.5, 0.5));

    assertThat(read.get(0).findings()).containsExactly(instruction);
  }

  @Test
  void whatIsReplacedCoversTheRestOfAValueThatLostAPartialOverlap() {
    String text = "pwd=Zq8xW9r415 555 2671 ok";
    Finding secret = new Finding("SECRET", "generic_secret", 4, 14, 0.7, "Zq8xW9r415");
    Finding phone = new Finding("PHONE_NUMBER", 11, 23, 0.6, "415 555 2671");

    assertThat(Overlaps.covering(List.of(phone, secret), text))
        .containsExactly(new Finding("SECRET", "generic_secret", 4, 23, 0.7, "Zq8xW9r415 555 2671"));
  }

  @Test
  void whatIsReplacedJoinsTwoWinnersALoserLinks() {
    String text = "aaaa bbbb cccc";
    Finding left = new Finding("SECRET", 0, 4, 0.9, "aaaa");
    Finding bridge = new Finding("PHONE_NUMBER", 2, 12, 0.5, "aa bbbb cc");
    Finding right = new Finding("EMAIL_ADDRESS", 10, 14, 0.8, "cccc");

    assertThat(Overlaps.covering(List.of(left, bridge, right), text))
        .containsExactly(new Finding("SECRET", 0, 14, 0.9, text));
  }

  @Test
  void whatIsReplacedIsWhatResolvingKeepsWhenNoLoserReachesBeyondAWinner() {
    String text = "see https://192.168.1.20/x and mail";
    Finding url = new Finding("URL", 4, 26, 0.6, "https://192.168.1.20/x");
    Finding ip = new Finding("IP_ADDRESS", 12, 24, 0.9, "192.168.1.20");

    assertThat(Overlaps.covering(List.of(ip, url), text)).containsExactly(url);
  }

  @Test
  void anEmptyFindingHasNothingToReplaceAndTakesNoOtherSpanOver() {
    String text = "x 415 555 2671 and pwd=Zq8xW9r415";
    Finding empty = new Finding("SECRET", 0, 0, 0.99, "");
    Finding phone = new Finding("PHONE_NUMBER", 2, 14, 0.6, "415 555 2671");
    Finding shorter = new Finding("PHONE_NUMBER", 2, 9, 0.5, "415 555");

    assertThat(Overlaps.covering(List.of(empty, phone, shorter), text)).containsExactly(phone);
  }
}
