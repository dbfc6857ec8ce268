package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict exposition reader the metrics tests scrape with refuses what a demanding scraper would. */
class PrometheusTextTest {

  private static final String GOOD = """
      # HELP x_total Things
      # TYPE x_total counter
      x_total{model="a\\"b\\\\c\\nd"} 2.0
      # TYPE h_seconds histogram
      h_seconds_bucket{le="0.1"} 1
      h_seconds_bucket{le="+Inf"} 3
      h_seconds_count 3
      h_seconds_sum 0.4
      """;

  @Test
  void aWellFormedScrapeParsesWithItsEscapesUndone() {
    PrometheusText parsed = PrometheusText.parse(GOOD);

    assertThat(parsed.labelValues("model")).containsExactly("a\"b\\c\nd");
    assertThat(parsed.sum("x_total", Map.of())).isEqualTo(2.0);
  }

  @Test
  void aSecondTypeAnUnknownEscapeACounterWithoutTotalAndAnInfBucketOffItsCountAreRefused() {
    assertThatThrownBy(() -> PrometheusText.parse(GOOD + "# TYPE x_total counter\n")).hasMessageContaining("TYPE");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE y_total counter\ny_total{a=\"\\t\"} 1\n"))
        .hasMessageContaining("escape");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE y counter\ny 1\n")).hasMessageContaining("_total");
    assertThatThrownBy(() -> PrometheusText.parse(GOOD.replace("h_seconds_count 3", "h_seconds_count 4")))
        .hasMessageContaining("+Inf");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE y_total counter\ny_total -1\n"))
        .hasMessageContaining("negative");
  }
}
