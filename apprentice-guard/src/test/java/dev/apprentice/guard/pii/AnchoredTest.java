package dev.apprentice.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AnchoredTest {

  /** Digits of any script, so that only the table keeps non-ASCII digits from being starts. */
  private static final Pattern NUMBER = Pattern.compile("\\p{Nd}+");

  private static List<String> matches(String text, Anchored.FirstChars first, Anchored.Start start) {
    List<String> found = new ArrayList<>();
    Anchored.each(ScanText.of(text), first, NUMBER, start, matcher -> {
      found.add(matcher.group());
      return matcher.end();
    });
    return found;
  }

  @Test
  void onlyTokenStartsWhoseCharacterIsInTheTableAreTried() {
    assertThat(matches("17 and 72 and 7", Anchored.FirstChars.of("7"), (text, i) -> true))
        .containsExactly("72", "7");
  }

  @Test
  void tokensStartAfterAnythingButAnAsciiLetterOrDigit() {
    assertThat(ScanText.of("ab 1:2 ::1 é9_x").tokenStarts()).containsExactly(0, 3, 5, 7, 8, 9, 12, 14);
  }

  @Test
  void theStartTestStillDecidesAmongThePositionsTheTableLetsThrough() {
    Anchored.Start wordStart = (text, i) -> !Anchored.isAsciiAlnum(Anchored.before(text, i));
    assertThat(matches("a1 22 x3 44", Anchored.FirstChars.of(Anchored.DIGITS), wordStart)).containsExactly("22", "44");
  }

  @Test
  void charactersOutsideAsciiAreNeverStarts() {
    assertThat(matches("١٢٣ 42 ５", Anchored.FirstChars.of(Anchored.DIGITS), (text, i) -> true)).containsExactly("42");
  }
}
