package dev.apprentice.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhoneCandidatesTest {

  /** Phones only, with the US and then Germany as region hints. */
  private static final PiiScanner US_THEN_DE = new PiiScanner(PiiSettings.defaults()
      .withEntities(java.util.Set.of("PHONE_NUMBER")).withPhoneRegions(List.of("US", "DE")));

  private static String windowText(String text, PhoneCandidates.Window window) {
    return text.substring(window.start(), window.end());
  }

  @Test
  void proseWithoutDigitClustersOpensNoWindow() {
    assertThat(PhoneCandidates.windows("call me on 12 May or 3 June at 4", 7)).isEmpty();
  }

  @Test
  void nearbyNumbersShareOneWindow() {
    String text = "Desk: 650-253-0000 Fax: 650-253-0001";
    List<PhoneCandidates.Window> windows = PhoneCandidates.windows(text, 7);
    assertThat(windows).hasSize(1);
    assertThat(windows.getFirst().runs()).hasSize(2);
  }

  @Test
  void digitsAlreadyReadAsAValidNumberLeaveOnlyTheRestUnread() {
    String text = "Desk: 650-253-0000 and the order is 4411 2290 17 somewhere";
    List<PhoneCandidates.Window> windows = PhoneCandidates.windows(text, 7);
    int numberStart = text.indexOf("650");
    int numberEnd = numberStart + "650-253-0000".length();
    List<PhoneCandidates.Window> unread = PhoneCandidates.unread(text, windows, 7,
        i -> i >= numberStart && i < numberEnd);
    assertThat(unread).hasSize(1);
    assertThat(windowText(text, unread.getFirst())).contains("4411 2290 17").doesNotContain("650-253");
  }

  @Test
  void nothingIsUnreadOnceEveryDigitIsCovered() {
    String text = "call 650-253-0000 today";
    List<PhoneCandidates.Window> windows = PhoneCandidates.windows(text, 7);
    assertThat(PhoneCandidates.unread(text, windows, 7, i -> true)).isEmpty();
  }

  @Test
  void aNumberAfterAValidOneIsStillFoundWithItsOwnRegionHint() {
    assertThat(Found.in(US_THEN_DE, "US office 650-253-0000, Berlin office 030 901820"))
        .containsExactlyInAnyOrder("PHONE_NUMBER:650-253-0000", "PHONE_NUMBER:030 901820");
  }

  @Test
  void aNumberWrittenWithPlusIsReadOnceAndTheNationalNumberBesideItStillGetsItsRegionHint() {
    assertThat(Found.in(US_THEN_DE, "Desk: +1-903-140-4508x769, Berlin 030 901820"))
        .containsExactlyInAnyOrder("PHONE_NUMBER:+1-903-140-4508x769", "PHONE_NUMBER:030 901820");
  }
}
