package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GateLinesTest {

  private static final String REGRESSION = "large / accuracy: change -0.0800 [-0.1000, -0.0600], p<0.001, drop 0.0800"
      + " of scale (max 0.0200), 1/20/9 wins/ties/losses, compared on 30 of 30 items: significant regression";

  @Test
  void aLineThatFitsIsPrintedWholeAfterItsMark() {
    assertThat(GateLines.of("ok", "small: 0 of 30 items failed (0.000, max error rate 0.020)"))
        .containsExactly("ok    small: 0 of 30 items failed (0.000, max error rate 0.020)");
  }

  @Test
  void aComparisonTooLongForACiLogContinuesOnIndentedLinesBrokenAfterACommaAndLosesNothing() {
    List<String> lines = GateLines.of("FAIL", REGRESSION);

    assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(120));
    assertThat(lines.getFirst()).startsWith("FAIL  large / accuracy: change -0.0800").endsWith(",");
    assertThat(lines.get(1)).startsWith("      ").doesNotStartWith("       ");
    assertThat(String.join(" ", lines.stream().map(String::strip).toList())).isEqualTo("FAIL  " + REGRESSION);
  }

  @Test
  void aWordLongerThanTheRoomStaysWhole() {
    String word = "x".repeat(130);

    assertThat(GateLines.of("FAIL", "suite " + word + " tail")).containsExactly("FAIL  suite", "      " + word,
        "      tail");
  }
}
