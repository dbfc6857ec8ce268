package dev.apprentice.api.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatasetRefTest {

  @Test
  void aNameAloneOrAtLatestMeansTheNewestVersionAndANumberThatVersion() {
    assertThat(DatasetRef.parse("intents")).isEqualTo(new DatasetRef("intents", null));
    assertThat(DatasetRef.parse("intents@latest")).isEqualTo(new DatasetRef("intents", null));
    assertThat(DatasetRef.parse("intents@3")).isEqualTo(new DatasetRef("intents", 3));
  }

  @Test
  void aReferenceThatDoesNotReadSaysLatestIsAVersionTooSinceItIsTaken() {
    assertThatThrownBy(() -> DatasetRef.parse("intents@newest")).hasMessage("'intents@newest' is not a dataset"
        + " reference: expected NAME or NAME@VERSION, where a name is lower-case letters, digits, '.', '_' or '-' and a"
        + " version is 1, 2, ... or latest");
  }
}
