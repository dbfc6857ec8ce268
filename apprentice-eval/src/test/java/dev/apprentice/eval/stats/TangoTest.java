package dev.apprentice.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Tango's score interval of a paired difference, checked against a brute-force search written independently: the
 * constrained maximum-likelihood share found by golden-section search of the log-likelihood rather than the quadratic's
 * root, and the interval's ends as the extreme accepted differences on a grid rather than by bisection. Tables are
 * (both pass, first only, second only, neither).
 */
class TangoTest {

  private static final Offset<Double> CLOSE = Offset.offset(1e-6);
  private static final double Z = 1.959963984540054;
  /** z² / (10 + z²): the Wilson upper bound of 0 of 10. */
  private static final double NONE_OF_TEN = 0.2775328;
  /** The brute-force grid's step: its ends lie within a step inside the interval's. */
  private static final double GRID = 1e-4;

  /** The accepted differences on a grid of {@code step} over [−1, 1]: {lowest, highest, gaps between accepted}. */
  private static double[] bruteForce(int b, int c, int n, double step) {
    double lowest = Double.NaN;
    double highest = Double.NaN;
    int gaps = 0;
    boolean wasAccepted = false;
    int points = (int) Math.round(2 / step);
    for (int k = 0; k <= points; k++) {
      double delta = (2.0 * k - points) / points;
      double q = likeliestSecondOnly(b, c, n, delta);
      double score = b - c - n * delta;
      boolean accepted = score * score <= Z * Z * n * (2 * q + delta * (1 - delta)) + 1e-12;
      if (accepted) {
        if (Double.isNaN(lowest)) lowest = delta;
        else if (!wasAccepted) gaps++;
        highest = delta;
      }
      wasAccepted = accepted;
    }
    return new double[] {lowest, highest, gaps};
  }

  /** The share q of second-only pairs (first-only q + Δ) that maximises the multinomial log-likelihood. */
  private static double likeliestSecondOnly(int b, int c, int n, double delta) {
    double low = Math.max(0, -delta);
    double high = (1 - delta) / 2;
    double ratio = (Math.sqrt(5) - 1) / 2;
    for (int i = 0; i < 100; i++) {
      double left = high - ratio * (high - low);
      double right = low + ratio * (high - low);
      if (logLikelihood(b, c, n, delta, left) < logLikelihood(b, c, n, delta, right)) low = left;
      else high = right;
    }
    return (low + high) / 2;
  }

  private static double logLikelihood(int b, int c, int n, double delta, double q) {
    return term(b, q + delta) + term(c, q) + term(n - b - c, 1 - 2 * q - delta);
  }

  private static double term(int count, double share) {
    return count == 0 ? 0 : count * Math.log(share);
  }

  @Test
  void theBenturAirwayDataGiveTheIntervalFagerlandEtAlPublish() {
    Interval ci = Tango.pairedDifference(1, 1, 7, 12);
    double[] grid = bruteForce(1, 7, 21, GRID);

    assertThat(ci.low()).as("-0.517").isCloseTo(-0.517, Offset.offset(5e-4));
    assertThat(ci.high()).as("-0.026").isCloseTo(-0.026, Offset.offset(5e-4));
    assertThat(ci.low()).isBetween(grid[0] - GRID, grid[0]);
    assertThat(ci.high()).isBetween(grid[1], grid[1] + GRID);
  }

  @Test
  void oneDiscordantPairAmongTenGivesAWiderIntervalThanNone() {
    Interval ci = Tango.pairedDifference(5, 1, 0, 4);
    double[] grid = bruteForce(1, 0, 10, GRID);

    assertThat(ci.low()).as("not Newcombe's -0.068").isCloseTo(-0.2052861, CLOSE);
    assertThat(ci.high()).as("not Newcombe's 0.253").isCloseTo(0.4041500, CLOSE);
    assertThat(ci.low()).isBetween(grid[0] - GRID, grid[0]);
    assertThat(ci.high()).isBetween(grid[1], grid[1] + GRID);
    assertThat(ci.high() - ci.low()).isGreaterThan(2 * NONE_OF_TEN);
  }

  @Test
  void largerTablesMatchTheBruteForceSearch() {
    int[][] tables = {{12, 9, 2, 21}, {0, 3040, 0, 40}, {2, 5, 3, 0}, {30, 2, 9, 1}};
    double[][] expected = {{0.0131767, 0.3116067}, {0.9823646, 0.9904480}, {-0.3295479, 0.6282415},
        {-0.3247412, -0.0137730}};

    for (int t = 0; t < tables.length; t++) {
      int[] table = tables[t];
      Interval ci = Tango.pairedDifference(table[0], table[1], table[2], table[3]);
      double[] grid = bruteForce(table[1], table[2], table[0] + table[1] + table[2] + table[3], GRID);
      assertThat(ci.low()).as("low of table %d", t).isCloseTo(expected[t][0], CLOSE).isBetween(grid[0] - GRID,
          grid[0]);
      assertThat(ci.high()).as("high of table %d", t).isCloseTo(expected[t][1], CLOSE).isBetween(grid[1],
          grid[1] + GRID);
    }
  }

  @Test
  void everyTableOfUpToEightPairsGivesOneIntervalAroundTheEstimateAsTheGridDoes() {
    double step = 1e-3;
    for (int n = 1; n <= 8; n++) {
      for (int b = 0; b <= n; b++) {
        for (int c = 0; b + c <= n; c++) {
          Interval ci = Tango.pairedDifference(n - b - c, b, c, 0);
          double[] grid = bruteForce(b, c, n, step);
          double estimate = (b - c) / (double) n;
          String table = n + " pairs, " + b + " first only, " + c + " second only";
          assertThat(grid[2]).as("gaps, " + table).isZero();
          assertThat(ci.low()).as(table).isBetween(grid[0] - step, grid[0]).isLessThanOrEqualTo(estimate);
          assertThat(ci.high()).as(table).isBetween(grid[1], grid[1] + step).isGreaterThanOrEqualTo(estimate);
        }
      }
    }
  }

  @Test
  void pairsThatAllAgreeGetPlusOrMinusZSquaredOverNPlusZSquaredWhateverTheirOutcomes() {
    for (int bothPass = 0; bothPass <= 10; bothPass++) {
      Interval ci = Tango.pairedDifference(bothPass, 0, 0, 10 - bothPass);
      assertThat(ci.low()).as("%d both passed", bothPass).isCloseTo(-NONE_OF_TEN, CLOSE);
      assertThat(ci.high()).as("%d both passed", bothPass).isCloseTo(NONE_OF_TEN, CLOSE);
    }
    assertThat(Tango.pairedDifference(1, 0, 0, 0).high()).as("z² / (1 + z²)").isCloseTo(0.7934507, CLOSE);
  }

  @Test
  void tenWinsOfTenGiveNMinusZSquaredOverNPlusZSquaredToOne() {
    Interval wins = Tango.pairedDifference(0, 10, 0, 0);
    Interval losses = Tango.pairedDifference(0, 0, 10, 0);

    assertThat(wins.low()).as("(10 - z²) / (10 + z²)").isCloseTo(0.4449344, CLOSE);
    assertThat(wins.high()).isEqualTo(1);
    assertThat(losses.low()).isEqualTo(-1);
    assertThat(losses.high()).isCloseTo(-0.4449344, CLOSE);
  }

  @Test
  void oneDiscordantPairNeverNarrowsTheIntervalBelowThatOfPairsThatAllAgree() {
    for (int n = 1; n <= 500; n++) {
      Interval agree = Tango.pairedDifference(n, 0, 0, 0);
      Interval firstOnly = Tango.pairedDifference(n - 1, 1, 0, 0);
      Interval secondOnly = Tango.pairedDifference(0, 0, 1, n - 1);
      double width = agree.high() - agree.low();
      assertThat(firstOnly.high() - firstOnly.low()).as("%d pairs, one first only", n).isGreaterThanOrEqualTo(width);
      assertThat(secondOnly.high() - secondOnly.low()).as("%d pairs, one second only", n)
          .isGreaterThanOrEqualTo(width);
    }
  }

  @Test
  void swappingTheTwoSidesMirrorsTheIntervalAndTheSameTableGivesTheSameInterval() {
    int[][] tables = {{5, 1, 0, 4}, {1, 1, 7, 12}, {12, 9, 2, 21}, {0, 3, 3, 0}, {100, 17, 4, 900}};

    for (int[] t : tables) {
      Interval ci = Tango.pairedDifference(t[0], t[1], t[2], t[3]);
      Interval swapped = Tango.pairedDifference(t[0], t[2], t[1], t[3]);
      assertThat(swapped.low()).isCloseTo(-ci.high(), Offset.offset(1e-12));
      assertThat(swapped.high()).isCloseTo(-ci.low(), Offset.offset(1e-12));
      assertThat(Tango.pairedDifference(t[0], t[1], t[2], t[3])).isEqualTo(ci);
    }
  }

  @Test
  void noPairsGiveNoInterval() {
    assertThat(Tango.pairedDifference(0, 0, 0, 0).low()).isNaN();
    assertThat(Tango.pairedDifference(0, 0, 0, 0).high()).isNaN();
  }
}
