package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/embeddings} with the built-in model once the local models were closed, as the server's close does while
 * it shuts down: the documented 503, never a 500 that reads as a defect.
 */
class EmbeddingsAfterTheModelClosedTest {

  private static final String BODY = "{\"model\":\"local/all-minilm-l6-v2\",\"input\":\"Where is my card?\"}";

  @Test
  void aCallAfterTheLoadedModelWasClosedIsRefusedAs503ShuttingDown() {
    try (RunningGateway gateway = Gateways.runningDefaults(TempDirs.create())) {
      RawHttp http = new RawHttp(gateway.server());
      assertThat(http.post("/v1/embeddings", BODY).statusCode()).isEqualTo(200);

      gateway.server().localModels().close();

      JsonNode error = assertError(http.post("/v1/embeddings", BODY), 503, "server_error", "shutting_down", null);
      assertThat(error.path("message").asText()).contains("shutting down").doesNotContain("Exception");
    }
  }

  @Test
  void aCallAfterTheModelsWereClosedBeforeItLoadedIsRefusedAs503ShuttingDown() {
    try (RunningGateway gateway = Gateways.runningDefaults(TempDirs.create())) {
      gateway.server().localModels().close();

      assertError(new RawHttp(gateway.server()).post("/v1/embeddings", BODY), 503, "server_error", "shutting_down",
          null);
    }
  }
}
