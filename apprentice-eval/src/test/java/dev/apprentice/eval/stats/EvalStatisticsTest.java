package dev.apprentice.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bootstrap on synthetic data whose answers are known. */
class EvalStatisticsTest {

  private static double mean(double[] values, int[] idx) {
    double sum = 0;
    for (int i : idx) sum += values[i];
    return sum / idx.length;
  }

  /**
   * The corpus value (the mean) of positions in the pooled items of a paired comparison: position i &lt; n is the
   * candidate's item i, position n + i the baseline's.
   */
  private static java.util.function.ToDoubleFunction<int[]> pooled(double[] candidate, double[] baseline) {
    double[] pool = new double[candidate.length + baseline.length];
    System.arraycopy(candidate, 0, pool, 0, candidate.length);
    System.arraycopy(baseline, 0, pool, candidate.length, baseline.length);
    return idx -> mean(pool, idx);
  }

  private static double[] noisy(SplittableRandom random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = random.nextDouble();
    return v;
  }

  @Test
  void aVariantTrulyBetterByAFixedMarginIsFoundSignificantlyBetter() {
    double[] baseline = noisy(new SplittableRandom(1), 200);
    double[] candidate = new double[baseline.length];
    for (int i = 0; i < baseline.length; i++) candidate[i] = baseline[i] + 0.05;

    Bootstrap.Estimate e = new Bootstrap(42, 2000).paired(200, pooled(candidate, baseline));
    Interval ci = new Bootstrap(42, 2000).pairedInterval(200, pooled(candidate, baseline));

    assertThat(e.value()).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(ci.contains(0.05)).isTrue();
    assertThat(ci.excludesZero()).isTrue();
    assertThat(e.pValue()).isLessThan(0.001);
  }

  @Test
  void aNoisyButRealImprovementIsFoundNearItsTrueMargin() {
    SplittableRandom random = new SplittableRandom(7);
    int n = 400;
    double[] baseline = new double[n];
    double[] candidate = new double[n];
    for (int i = 0; i < n; i++) {
      baseline[i] = random.nextDouble() < 0.6 ? 1 : 0;
      candidate[i] = baseline[i] == 1 || random.nextDouble() < 0.5 ? 1 : 0; // true accuracy 0.6 + 0.4 * 0.5 = 0.8
    }
    Bootstrap.Estimate e = new Bootstrap(42, 2000).paired(n, pooled(candidate, baseline));
    Interval ci = new Bootstrap(42, 2000).pairedInterval(n, pooled(candidate, baseline));

    assertThat(e.pValue()).isLessThan(0.01);
    assertThat(ci.low()).as("%s", ci).isGreaterThan(0.1);
    assertThat(ci.contains(e.value())).isTrue();
    assertThat(e.value()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.06));
  }

  @Test
  void identicalVariantsAreNotFoundDifferent() {
    double[] values = noisy(new SplittableRandom(3), 150);

    Bootstrap.Estimate e = new Bootstrap(42, 2000).paired(150, pooled(values, values));

    assertThat(e.pValue()).isEqualTo(1.0);
    assertThat(new Bootstrap(42, 2000).pairedInterval(150, pooled(values, values)).contains(0)).isTrue();
  }

  @Test
  void thePairedTestDoesNotResampleForAnIntervalItDoesNotGive() {
    int[] calls = {0};
    java.util.function.ToDoubleFunction<int[]> corpus = pooled(new double[] {1, 0, 1}, new double[] {0, 0, 1});

    new Bootstrap(42, 2000).paired(3, idx -> {
      calls[0]++;
      return corpus.applyAsDouble(idx);
    });

    assertThat(calls[0]).as("the observed difference, then 2^3 arrangements of two sides each").isEqualTo(2 + 8 * 2);
  }

  @Test
  void variantsDrawnFromTheSameDistributionAreRarelyCalledDifferent() {
    SplittableRandom random = new SplittableRandom(11);
    int falsePositives = 0;
    int trials = 60;
    for (int t = 0; t < trials; t++) {
      double[] a = noisy(random, 100);
      double[] b = noisy(random, 100);
      Bootstrap.Estimate e = new Bootstrap(t, 500).paired(100, pooled(a, b));
      if (e.pValue() < 0.05) falsePositives++;
    }
    assertThat(falsePositives / (double) trials).isLessThan(0.15);
  }

  @Test
  void aSinglePairedItemIsNeverSignificant() {
    Bootstrap.Estimate e = new Bootstrap(42, 2000).paired(1, pooled(new double[] {0}, new double[] {1}));

    assertThat(e.value()).isEqualTo(-1);
    assertThat(e.pValue()).isEqualTo(1.0);
  }

  @Test
  void aDifferenceThatIsNotAFiniteNumberIsNeverCalledSignificant() {
    double[] candidate = {Double.POSITIVE_INFINITY, 0, 0, 0, 0};

    Bootstrap.Estimate e = new Bootstrap(42, 2000).paired(5, pooled(candidate, new double[] {1, 1, 1, 1, 1}));

    assertThat(e.pValue()).isEqualTo(1.0);
  }

  @Test
  void threeIdenticalLossesAreNotSignificantTheExactTestGivingTwoArrangementsInEight() {
    Bootstrap.Estimate e = new Bootstrap(42, 2000).paired(3, pooled(new double[] {0, 0, 0}, new double[] {1, 1, 1}));

    assertThat(e.pValue()).isEqualTo(2.0 / 8);
  }

  @Test
  void tenOfTenWinsAreSignificantByTheExactTestAndThirtyOfThirtyByTheSampledOne() {
    double[] ten = new double[10];
    java.util.Arrays.fill(ten, 1);
    double[] thirty = new double[30];
    java.util.Arrays.fill(thirty, 1);

    Bootstrap.Estimate exact = new Bootstrap(42, 2000).paired(10, pooled(ten, new double[10]));
    Bootstrap.Estimate sampled = new Bootstrap(42, 2000).paired(30, pooled(thirty, new double[30]));

    assertThat(exact.pValue()).isEqualTo(2.0 / 1024);
    assertThat(sampled.pValue()).isLessThan(0.001);
  }

  @Test
  void ninetyFivePercentIntervalsCoverTheTrueMeanAboutNinetyFivePercentOfTheTime() {
    SplittableRandom random = new SplittableRandom(5);
    int covered = 0;
    int trials = 200;
    for (int t = 0; t < trials; t++) {
      double[] draws = new double[100];
      for (int i = 0; i < draws.length; i++) draws[i] = random.nextDouble() < 0.7 ? 1 : 0;
      Interval ci = new Bootstrap(t, 1000).interval(draws.length, idx -> mean(draws, idx));
      if (ci.contains(0.7)) covered++;
    }
    assertThat(covered / (double) trials).isBetween(0.89, 0.99);
  }

  @Test
  void wilsonIntervalsMatchHandComputedValuesAndNeverShrinkToAPoint() {
    org.assertj.core.data.Offset<Double> close = org.assertj.core.data.Offset.offset(1e-6);
    double z2 = 1.959964 * 1.959964;

    assertThat(Wilson.of(1, 10).low()).isCloseTo(10 / (10 + z2), close);
    assertThat(Wilson.of(1, 10).high()).isEqualTo(1);
    assertThat(Wilson.of(0, 10).low()).isZero();
    assertThat(Wilson.of(0, 10).high()).isCloseTo(z2 / (10 + z2), close);
    assertThat(Wilson.of(0.7, 10).low()).isCloseTo(0.3967781, close);
    assertThat(Wilson.of(0.7, 10).high()).isCloseTo(0.8922087, close);
    assertThat(Wilson.of(0.75, 20).low()).isCloseTo(0.5312991, close);
    assertThat(Wilson.of(0.75, 20).high()).isCloseTo(0.8881383, close);
    assertThat(Wilson.of(1, 1).low()).isCloseTo(1 / (1 + z2), close);
    assertThat(Wilson.of(0.5, 0).low()).isNaN();
  }

  @Test
  void theSameSeedGivesTheSameInterval() {
    double[] values = noisy(new SplittableRandom(9), 80);

    Interval first = new Bootstrap(42, 1000).interval(80, idx -> mean(values, idx));
    Interval second = new Bootstrap(42, 1000).interval(80, idx -> mean(values, idx));

    assertThat(second).isEqualTo(first);
  }

  @Test
  void percentilesInterpolateBetweenOrderStatisticsAsNumpyDoes() {
    double[] v = {1, 2, 3, 4, 10};

    assertThat(Percentiles.of(v, 50)).isEqualTo(3);
    assertThat(Percentiles.of(v, 95)).isCloseTo(8.8, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Percentiles.of(new double[0], 50)).isNaN();
  }

  @Test
  void theParetoFrontierKeepsOnlyVariantsNoOtherBeatsOnCostAndQuality() {
    List<String> frontier = Pareto.frontier(List.of(new Pareto.Point("cheap", 1, 0.70),
        new Pareto.Point("dear", 10, 0.90), new Pareto.Point("dominated", 5, 0.65),
        new Pareto.Point("same-as-cheap-but-dearer", 2, 0.70)));

    assertThat(frontier).containsExactly("cheap", "dear");
  }
}
