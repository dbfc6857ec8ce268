package dev.apprentice.bench.pii;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.bench.BenchInput;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PiiDatasetTest {

  @Test
  void aMissingDatasetIsNamedWithTheOptionThatPointsElsewhere(@TempDir Path folder) {
    Path file = folder.resolve("synth_dataset_v2.json");

    assertThatThrownBy(() -> PiiDataset.load(file)).isInstanceOf(BenchInput.Missing.class)
        .hasMessage("cannot read " + file + ": no such file (the Presidio synth_dataset_v2.json: pass --data FILE)");
  }
}
