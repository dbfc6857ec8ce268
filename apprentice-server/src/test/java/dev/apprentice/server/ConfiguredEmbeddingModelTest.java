package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigException;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.gateway.config.EmbeddingSettings;
import dev.apprentice.local.embedding.LocalModels;
import dev.apprentice.local.embedding.ModelSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code embeddings: {model_dir}} replaces the bundled model files: a directory holding the int8 variant under the
 * float model's file names must serve the int8 model's vectors at {@code /v1/embeddings}, not the bundled ones.
 */
class ConfiguredEmbeddingModelTest {

  private static final String TEXT = "Where is my new card?";

  @Test
  void theConfigChecksForTheFileNamesTheModelLoaderReads() {
    assertThat(EmbeddingSettings.ONNX_FILE).isEqualTo(ModelSource.ONNX);
    assertThat(EmbeddingSettings.TOKENIZER_FILE).isEqualTo(ModelSource.TOKENIZER);
  }

  @Test
  void theModelDirectoryOfTheConfigIsWhatEmbeddingsServe() throws IOException {
    Path dataDir = TempDirs.create();
    Path modelDir = Files.createDirectories(dataDir.resolve("vetted-model"));
    copy(ModelSource.QUANTIZED_ONNX, modelDir.resolve(ModelSource.ONNX));
    copy(ModelSource.QUANTIZED_TOKENIZER, modelDir.resolve(ModelSource.TOKENIZER));
    float[] served;
    try (ApprenticeServer server = ApprenticeServer.start(Gateways.onAnyFreePort(ConfigLoader.parse("""
        providers: { sim: { type: simulator } }
        models: { echo: { targets: [ { provider: sim, model: sim-echo } ] } }
        embeddings: { model_dir: "${MODELS}", threads: 1, workers: 2, max_batch: 8 }
        """, Map.of("MODELS", modelDir.toString())), dataDir))) {
      HttpResponse<String> response = new RawHttp(server).post("/v1/embeddings",
          "{\"model\":\"local/all-minilm-l6-v2\",\"input\":\"" + TEXT + "\"}");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      served = floats(RawHttp.json(response.body()).path("data").path(0).path("embedding"));
    }

    try (LocalModels bundled = new LocalModels(TempDirs.create())) {
      float[] int8 = bundled.quantizedEmbedder().embed(List.of(TEXT)).getFirst().vector();
      float[] float32 = bundled.embedder().embed(List.of(TEXT)).getFirst().vector();
      assertThat(dot(served, int8)).as("the directory's (int8) model").isCloseTo(1.0, within(1e-5));
      assertThat(dot(served, float32)).as("not the bundled float model").isLessThan(0.9999);
    }
  }

  @Test
  void aModelDirectoryWhoseFilesAreNoModelStopsTheStartNamingTheDirectory() throws IOException {
    Path dataDir = TempDirs.create();
    Path modelDir = Files.createDirectories(dataDir.resolve("broken-model"));
    Files.writeString(modelDir.resolve(ModelSource.ONNX), "not a model");
    Files.writeString(modelDir.resolve(ModelSource.TOKENIZER), "{}");
    ApprenticeConfig config = Gateways.onAnyFreePort(ConfigLoader.parse("""
        providers: { sim: { type: simulator } }
        models: { echo: { targets: [ { provider: sim, model: sim-echo } ] } }
        embeddings: { model_dir: "${MODELS}" }
        """, Map.of("MODELS", modelDir.toString())), dataDir);

    assertThatThrownBy(() -> ApprenticeServer.start(config)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("embeddings.model_dir: the model in " + modelDir + " does not load")
        .hasMessageNotContaining("\tat ");
  }

  private static void copy(String resource, Path target) throws IOException {
    try (InputStream in = LocalModels.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource + " on the test classpath").isNotNull();
      Files.copy(in, target);
    }
  }

  private static float[] floats(JsonNode embedding) {
    float[] vector = new float[embedding.size()];
    for (int i = 0; i < vector.length; i++) vector[i] = (float) embedding.get(i).asDouble();
    return vector;
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) sum += (double) a[i] * b[i];
    return sum;
  }
}
