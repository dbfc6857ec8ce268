package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** A key may be restricted to the built-in embedding model, which {@code /v1/models} lists beside the aliases. */
class LocalEmbeddingKeysTest {

  private static final String ADMIN_KEY = "admin-key-for-local-embedding-keys";
  private static final String LOCAL = "local/all-minilm-l6-v2";

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        alpha:
          targets: [ { provider: sim, model: sim-echo } ]
      """, ADMIN_KEY, Clock.systemUTC());
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();

  @Test
  void aKeyRestrictedToTheLocalEmbeddingModelCanEmbedWithItAndNothingElse() {
    String key = admin.newKey("{\"tenant\":\"e1\",\"models\":[\"" + LOCAL + "\"]}");

    HttpResponse<String> embedded = http.post("/v1/embeddings", key, "{\"model\":\"" + LOCAL + "\",\"input\":\"hello\"}");
    assertThat(embedded.statusCode()).as(embedded.body()).isEqualTo(200);
    assertThat(http.get("/v1/models", key).body()).contains(LOCAL).doesNotContain("alpha");
    assertError(http.chat(key, "alpha", "hi"), 403, "permission_error", "model_not_allowed", "model");
  }
}
