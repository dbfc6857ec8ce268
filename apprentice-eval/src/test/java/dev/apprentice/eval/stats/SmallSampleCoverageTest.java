package dev.apprentice.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * How often 95% intervals of the mean of 8 items cover the true mean, over 2,000 samples of a skewed distribution on
 * [0, 1]: Beta(2, 5) (mean 2/7, skewness 0.6, the shape of a metric most items score low on), drawn as the second
 * smallest of six uniform values. Fixed seeds: the counts are the same on every run.
 */
class SmallSampleCoverageTest {

  private static final int SAMPLES = 2000;
  private static final int N = 8;
  private static final double TRUE_MEAN = 2.0 / 7;

  private static double[][] samples() {
    SplittableRandom random = new SplittableRandom(2024);
    double[][] samples = new double[SAMPLES][N];
    double[] six = new double[6];
    for (double[] sample : samples) {
      for (int i = 0; i < N; i++) {
        for (int k = 0; k < six.length; k++) six[k] = random.nextDouble();
        Arrays.sort(six);
        sample[i] = six[1];
      }
    }
    return samples;
  }

  private static double mean(double[] values, int[] positions) {
    double sum = 0;
    for (int p : positions) sum += values[p];
    return sum / positions.length;
  }

  @Test
  void theStudentTIntervalOfEightSkewedValuesCoversTheMeanAboutNinetyFivePercentOfTheTime() {
    int covered = 0;
    for (double[] sample : samples()) if (StudentT.ofMean(sample).contains(TRUE_MEAN)) covered++;

    assertThat(covered / (double) SAMPLES).isBetween(0.93, 0.97);
  }

  @Test
  void thePercentileBootstrapOfTheSameSamplesFallsShort() {
    int covered = 0;
    int seed = 0;
    for (double[] sample : samples()) {
      if (new Bootstrap(seed++, 1000).interval(N, p -> mean(sample, p)).contains(TRUE_MEAN)) covered++;
    }

    assertThat(covered / (double) SAMPLES).isLessThan(0.92);
  }
}
