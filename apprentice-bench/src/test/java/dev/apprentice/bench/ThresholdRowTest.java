package dev.apprentice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdRowTest {

  @Test
  void theRecommendationIsTheSmallestThresholdWithFewEnoughFalseHits() {
    List<ThresholdRow> rows = List.of(new ThresholdRow(0.80, 1000, 900, 45), new ThresholdRow(0.85, 1000, 700, 14),
        new ThresholdRow(0.90, 1000, 500, 5));

    assertThat(ThresholdRow.recommend(rows, 0.02)).isEqualTo(0.85);
  }

  @Test
  void withNoneFewEnoughTheFloorIsWhereFalseHitsStopFalling() {
    List<ThresholdRow> rows = List.of(new ThresholdRow(0.90, 1000, 600, 30), new ThresholdRow(0.94, 1000, 400, 11),
        new ThresholdRow(0.98, 1000, 100, 3));

    assertThat(ThresholdRow.recommend(rows, 0.02)).isNaN();
    assertThat(ThresholdRow.floor(rows)).isEqualTo(0.94);
  }

  @Test
  void sideBySideEachCellIsMeaningAloneThenWithTheGatewaysRules() {
    String md = ThresholdRow.sideBySide(List.of(new ThresholdRow(0.92, 1000, 500, 20)),
        List.of(new ThresholdRow(0.92, 1000, 480, 16)), 5000, 1000);

    assertThat(md).contains("| 0.92 | 50.0% / 48.0% | 500 / 480 | 20 / 16 | 4.00% / 3.33% | 2.00% / 1.60% |");
  }
}
