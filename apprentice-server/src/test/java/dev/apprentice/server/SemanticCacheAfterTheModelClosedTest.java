package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.testing.LogCapture;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A call on a model with a semantic cache once the in-process embedding model was closed, as the server's close does
 * while calls may still be in flight: its lookup is a miss and its answer is kept for exact matches, quietly, since a
 * closing server is no fault to warn of.
 */
class SemanticCacheAfterTheModelClosedTest {

  private static final String YAML = """
      providers:
        sim: { type: simulator }
      models:
        meaning:
          targets: [ { provider: sim, model: sim-echo } ]
          cache: { mode: semantic }
      """;

  private static HttpResponse<String> ask(RunningGateway gateway, String text) {
    return gateway.http().post("/v1/chat/completions", null, "{\"model\":\"meaning\",\"temperature\":0,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}");
  }

  @Test
  void aCallAfterTheEmbeddingModelClosedMissesAndIsKeptForExactMatchesWithoutAWarning() {
    try (RunningGateway gateway = Gateways.running(YAML, TempDirs.create(), Map.of(), Gateways.ADMIN_KEY,
        Clock.systemUTC(), null); LogCapture log = LogCapture.of("io.helidon", "dev.apprentice")) {
      assertThat(ask(gateway, "how do I reset my card PIN?").statusCode()).isEqualTo(200);
      gateway.admin().awaitCacheEntries(1);

      gateway.server().localModels().close();

      HttpResponse<String> asked = ask(gateway, "where is my new card?");
      assertThat(asked.statusCode()).isEqualTo(200);
      assertThat(asked.headers().firstValue("x-apprentice-cache")).hasValue("miss");
      gateway.admin().awaitCacheEntries(2);
      assertThat(ask(gateway, "where is my new card?").headers().firstValue("x-apprentice-cache")).hasValue("exact");
      assertThat(log.alarms()).isEmpty();
    }
  }
}
