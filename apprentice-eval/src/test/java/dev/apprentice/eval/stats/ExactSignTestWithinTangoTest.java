package dev.apprentice.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Of pass/fail pairs, the paired randomization test is the exact sign test (McNemar's exact test) of the differing
 * pairs, and Tango's interval holds 0 exactly when McNemar's asymptotic test, (b − c) / √(b + c) within ±z, does not
 * reject. The exact test is the stricter: wherever it finds a difference, Tango's interval leaves 0 out, so a report
 * only ever has to widen Tango's interval to 0 (where the exact test finds none), never to narrow it.
 */
class ExactSignTestWithinTangoTest {

  /** P(|B − m/2| ≥ |b − m/2|) for B binomial(m, 1/2): the exact two-sided sign test of b of m differing pairs. */
  private static double exactSignTest(int b, int m) {
    double observed = Math.abs(b - m / 2.0);
    double logChoose = 0; // ln C(m, k), from k = 0
    double p = 0;
    for (int k = 0; k <= m; k++) {
      if (k > 0) logChoose += Math.log(m - k + 1) - Math.log(k);
      if (Math.abs(k - m / 2.0) >= observed - 1e-9) p += Math.exp(logChoose - m * Math.log(2));
    }
    return p;
  }

  @Test
  void wheneverTheExactSignTestFindsADifferenceTangosIntervalLeavesOutZero() {
    List<String> contradictions = new ArrayList<>();
    for (int b = 0; b <= 150; b++) {
      for (int c = 0; c <= 150; c++) {
        if (exactSignTest(b, b + c) >= 0.05) continue;
        if (!Tango.pairedDifference(7, b, c, 11).excludesZero()) contradictions.add(b + " against " + c);
      }
    }
    assertThat(contradictions).isEmpty();
  }

  @Test
  void fourOrFiveDifferingPairsAllOneWayAreWhereTangoAloneWouldClaimADifference() {
    assertThat(exactSignTest(0, 4)).isCloseTo(0.125, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Tango.pairedDifference(0, 0, 4, 0).excludesZero()).isTrue();
    assertThat(exactSignTest(5, 5)).isCloseTo(0.0625, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Tango.pairedDifference(100, 5, 0, 100).excludesZero()).isTrue();
  }
}
