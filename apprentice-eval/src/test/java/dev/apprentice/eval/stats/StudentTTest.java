package dev.apprentice.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Student's t percentiles against the tabulated 97.5th percentiles (the two-sided 5% column of printed t tables, to
 * three decimals; here to nine, as statistical libraries give them), and the t interval of a mean worked by hand.
 */
class StudentTTest {

  private static final Offset<Double> NINE_DECIMALS = Offset.offset(1e-9);

  @Test
  void theCriticalValuesAreTheTabulatedNinetySevenAndAHalfPercentPercentiles() {
    assertThat(StudentT.critical(1)).isCloseTo(12.706204736, NINE_DECIMALS);
    assertThat(StudentT.critical(2)).isCloseTo(4.302652730, NINE_DECIMALS);
    assertThat(StudentT.critical(3)).isCloseTo(3.182446305, NINE_DECIMALS);
    assertThat(StudentT.critical(4)).isCloseTo(2.776445105, NINE_DECIMALS);
    assertThat(StudentT.critical(5)).isCloseTo(2.570581836, NINE_DECIMALS);
    assertThat(StudentT.critical(7)).isCloseTo(2.364624252, NINE_DECIMALS);
    assertThat(StudentT.critical(9)).isCloseTo(2.262157163, NINE_DECIMALS);
    assertThat(StudentT.critical(14)).isCloseTo(2.144786688, NINE_DECIMALS);
    assertThat(StudentT.critical(19)).isCloseTo(2.093024054, NINE_DECIMALS);
    assertThat(StudentT.critical(29)).isCloseTo(2.045229642, NINE_DECIMALS);
    assertThat(StudentT.critical(30)).isCloseTo(2.042272456, NINE_DECIMALS);
    assertThat(StudentT.critical(60)).isCloseTo(2.000297822, NINE_DECIMALS);
    assertThat(StudentT.critical(120)).isCloseTo(1.979930405, NINE_DECIMALS);
  }

  @Test
  void manyDegreesOfFreedomUseTheExpansionWhichAgreesWithTheSeriesWhereTheyMeet() {
    assertThat(StudentT.critical(999)).isCloseTo(1.962341461, NINE_DECIMALS);
    assertThat(StudentT.critical(1000)).isCloseTo(1.962339081, NINE_DECIMALS);
    assertThat(StudentT.critical(1001)).isCloseTo(1.962336705, NINE_DECIMALS);
    assertThat(StudentT.critical(5000)).isCloseTo(1.960438552, NINE_DECIMALS);
    assertThat(StudentT.critical(100_000)).isCloseTo(1.959987708, NINE_DECIMALS);
    assertThat(StudentT.critical(Integer.MAX_VALUE)).as("the normal's 97.5th percentile")
        .isCloseTo(1.959963985, NINE_DECIMALS);
  }

  @Test
  void theCentralShareIsTheClosedFormOfOneTwoAndThreeDegreesOfFreedom() {
    Offset<Double> close = Offset.offset(1e-15);
    double t = 1.5;

    assertThat(StudentT.centralShare(Math.atan(t), 1)).as("2 atan(t) / pi").isCloseTo(2 * Math.atan(t) / Math.PI,
        close);
    assertThat(StudentT.centralShare(Math.atan(t / Math.sqrt(2)), 2)).as("t / sqrt(2 + t²)")
        .isCloseTo(t / Math.sqrt(2 + t * t), close);
    double theta = Math.atan(t / Math.sqrt(3));
    assertThat(StudentT.centralShare(theta, 3)).as("(2 / pi)(atan(t / sqrt 3) + (t / sqrt 3) / (1 + t² / 3))")
        .isCloseTo(2 / Math.PI * (theta + t / Math.sqrt(3) / (1 + t * t / 3)), close);
  }

  @Test
  void theIntervalOfAMeanIsTheMeanPlusOrMinusTTimesItsStandardError() {
    Offset<Double> close = Offset.offset(1e-9);
    // mean 0.5, s = sqrt(0.07), n = 5: 0.5 ± 2.776445105 × sqrt(0.07 / 5)
    Interval five = StudentT.ofMean(new double[] {0.2, 0.4, Double.NaN, 0.4, 0.6, 0.9});

    assertThat(five.low()).isCloseTo(0.171486585, close);
    assertThat(five.high()).isCloseTo(0.828513415, close);
    assertThat(StudentT.ofMean(new double[] {0.3}).low()).as("one value has no spread to go by").isNaN();
    assertThat(StudentT.ofMean(new double[] {0.3, 0.3}).low()).as("no spread: a point").isEqualTo(0.3);
  }

  @Test
  void fewerThanOneDegreeOfFreedomIsRefused() {
    assertThatThrownBy(() -> StudentT.critical(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
