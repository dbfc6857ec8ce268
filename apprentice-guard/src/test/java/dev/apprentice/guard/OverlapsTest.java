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
}
