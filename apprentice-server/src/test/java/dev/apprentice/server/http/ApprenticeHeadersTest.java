package dev.apprentice.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ApprenticeHeadersTest {

  @Test
  void numbersAreWrittenExactlyAsStringFormatWritesThem() {
    double[] edges = {0, 1, 0.0005, 0.0015, 0.0025, 1.0005, 2.5e-11, 1.5e-10, 0.123456789012345, 12345.6785, 1e-7,
        0.99995, 9.9999999999, 3.000000000049, 7e20};
    for (double value : edges) {
      for (int places : new int[] {3, 4, 10}) assertSame(value, places);
    }
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      double value = random.nextDouble() * Math.pow(10, random.nextInt(-12, 6));
      assertSame(value, 3);
      assertSame(value, 4);
      assertSame(value, 10);
    }
  }

  @Test
  void numbersThatAreNotFiniteAreWrittenAsStringFormatWritesThem() {
    assertThat(ApprenticeHeaders.fixed(Double.NaN, 3)).isEqualTo("NaN");
    assertThat(ApprenticeHeaders.fixed(Double.POSITIVE_INFINITY, 10)).isEqualTo("Infinity");
  }

  private static void assertSame(double value, int places) {
    assertThat(ApprenticeHeaders.fixed(value, places)).as("%s to %d places", value, places)
        .isEqualTo(String.format(Locale.ROOT, "%." + places + "f", value));
  }
}
