package dev.apprentice.gateway.config;

import static dev.apprentice.gateway.config.ConfigExamples.MINIMAL;
import static dev.apprentice.gateway.config.ConfigExamples.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingConfigTest {

  @TempDir
  Path dir;

  @Test
  void withoutAnEmbeddingsBlockTheBundledModelRunsWithItsDefaults() {
    assertThat(ConfigLoader.parse(MINIMAL, Map.of()).embeddings()).isEqualTo(EmbeddingSettings.defaults());
  }

  @Test
  void aModelDirectoryWithBothFilesAndTheRunSettingsAreRead() throws IOException {
    Files.writeString(dir.resolve("all-minilm-l6-v2.onnx"), "graph");
    Files.writeString(dir.resolve("all-minilm-l6-v2-tokenizer.json"), "{}");

    ApprenticeConfig config = ConfigLoader.parse(MINIMAL + """
        embeddings: { model_dir: "${MODELS}", threads: 1, workers: 2, max_batch: 16, spinning: true,
                      timeout_ms: 30000 }
        """, Map.of("MODELS", dir.toString()));

    assertThat(config.embeddings()).isEqualTo(new EmbeddingSettings(dir.toString(), 1, 2, 16, true,
        java.time.Duration.ofSeconds(30)));
    assertThat(ConfigRenderer.render(config)).contains("model_dir: " + dir, "spinning: true", "timeout_ms: 30000");
  }

  @Test
  void aModelDirectoryThatIsMissingOrLacksAFileIsRejectedWithItsPath() throws IOException {
    Files.writeString(dir.resolve("all-minilm-l6-v2.onnx"), "graph");

    assertThat(problemsOf(MINIMAL + "embeddings: { model_dir: \"" + dir + "\" }\n"))
        .containsExactly("embeddings.model_dir: no all-minilm-l6-v2-tokenizer.json in " + dir);
    assertThat(problemsOf(MINIMAL + "embeddings: { model_dir: \"" + dir.resolve("nowhere") + "\" }\n"))
        .containsExactly("embeddings.model_dir: not a directory: " + dir.resolve("nowhere"));
  }

  @Test
  void badRunSettingsAreRejectedWithTheirPaths() {
    assertThat(problemsOf(MINIMAL + """
        embeddings: { threads: 0, workers: many, max_batch: 100000, spinning: sometimes, device: gpu }
        """)).containsExactlyInAnyOrder(
        "embeddings.threads: expected an integer between 1 and 64, got '0'",
        "embeddings.workers: expected an integer between 1 and 64, got 'many'",
        "embeddings.max_batch: expected an integer between 1 and 4096, got '100000'",
        "embeddings.spinning: expected true or false, got 'sometimes'",
        "embeddings.device: unknown key");
  }
}
