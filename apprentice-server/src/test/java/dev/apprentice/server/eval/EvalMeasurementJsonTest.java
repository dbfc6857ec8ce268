package dev.apprentice.server.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.eval.metric.Measurement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvalMeasurementJsonTest {

  @Test
  void measurementsSurviveTheRoundTripThroughTheMetricsColumn() {
    Map<String, Measurement> metrics = new LinkedHashMap<>();
    metrics.put("accuracy", Measurement.of(1));
    metrics.put("macro_f1", new Measurement(0, Map.of("fn:a", 1.0, "fp:b", 1.0), 0, 0, null));
    metrics.put("judge", new Measurement(0.75, Map.of("unparsed", 1.0), 0.002, 90, "1 of 3 judge answers unparsed"));

    Map<String, Measurement> read = MeasurementJson.read(MeasurementJson.write(metrics));

    assertThat(read).isEqualTo(metrics);
  }

  @Test
  void anUnscoredItemIsStoredAsNullAndReadBackAsNotScored() {
    String json = MeasurementJson.write(Map.of("bleu", Measurement.unscored("the item has no reference")));

    assertThat(json).contains("\"value\":null");
    Measurement read = MeasurementJson.read(json).get("bleu");
    assertThat(read.scored()).isFalse();
    assertThat(read.note()).isEqualTo("the item has no reference");
  }
}
