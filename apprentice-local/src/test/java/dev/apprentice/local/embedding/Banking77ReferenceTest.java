package dev.apprentice.local.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.api.Embedding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our vectors against cosines computed once by langchain4j's wrapper of the same model (see ReferenceCosines). */
class Banking77ReferenceTest {

  @Test
  void cosinesOfTheFirstTenTrainingSentencesMatchTheCheckedInReference() throws IOException {
    List<String> texts = Banking77.trainingTexts(ReferenceCosines.TEXTS);
    double[][] reference = reference();

    List<Embedding> embeddings = SharedModel.embedder().embed(texts);

    assertThat(texts).hasSize(10).allSatisfy(text -> assertThat(text).isNotBlank());
    for (int i = 0; i < texts.size(); i++) {
      for (int j = 0; j < texts.size(); j++) {
        assertThat(embeddings.get(i).cosine(embeddings.get(j)))
            .as("cos(%s | %s)", texts.get(i), texts.get(j)).isCloseTo(reference[i][j], within(1e-4));
      }
    }
  }

  private static double[][] reference() throws IOException {
    String resource = "/embedding/banking77-first10-cosines.csv";
    try (InputStream in = Banking77ReferenceTest.class.getResourceAsStream(resource)) {
      List<String> rows = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> !line.startsWith("#")).toList();
      return rows.stream().map(row -> java.util.Arrays.stream(row.split(",")).mapToDouble(Double::parseDouble)
          .toArray()).toArray(double[][]::new);
    }
  }
}
