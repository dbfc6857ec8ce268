package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@code traces.capture} through the server: {@code metadata-only} keeps tokens, cost and latency but no request or
 * response body, for chat and embeddings calls alike; a model's own {@code traces: { capture }} overrides the default.
 */
class CapturePolicyTest {

  private static final String ADMIN_KEY = "admin-key-for-capture-tests";

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      traces: { capture: metadata-only }
      models:
        private: { targets: [ { provider: sim, model: sim-echo } ] }
        open:
          targets: [ { provider: sim, model: sim-echo } ]
          traces: { capture: full }
      """, ADMIN_KEY, Clock.systemUTC());
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();

  @Test
  void aMetadataOnlyModelsTraceKeepsItsNumbersButNoBodies() {
    JsonNode trace = admin.trace(traceId(http.chat(null, "private", "my account number is 12345678")));

    assertThat(trace.path("status").asInt()).isEqualTo(200);
    assertThat(trace.path("input_tokens").asInt()).isPositive();
    assertThat(trace.path("output_tokens").asInt()).isPositive();
    assertThat(trace.path("request").isMissingNode() || trace.path("request").isNull()).isTrue();
    assertThat(trace.path("response").isMissingNode() || trace.path("response").isNull()).isTrue();
    assertThat(trace.toString()).doesNotContain("12345678");
  }

  @Test
  void aModelsOwnCaptureOverridesTheDefault() {
    JsonNode trace = admin.trace(traceId(http.chat(null, "open", "keep me")));

    assertThat(trace.path("request").path("messages").path(0).path("content").asText()).isEqualTo("keep me");
    assertThat(trace.path("response").path("choices").path(0).path("message").path("content").asText())
        .isEqualTo("keep me");
  }

  @Test
  void anEmbeddingsCallUnderMetadataOnlyKeepsNoInputs() {
    HttpResponse<String> embedded = http.post("/v1/embeddings", null,
        "{\"model\":\"local/all-minilm-l6-v2\",\"input\":\"my account number is 12345678\"}");

    assertThat(embedded.statusCode()).as(embedded.body()).isEqualTo(200);
    JsonNode trace = admin.trace(traceId(embedded));
    assertThat(trace.path("operation").asText()).isEqualTo("embeddings");
    assertThat(trace.toString()).doesNotContain("12345678");
  }

  private static String traceId(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue("x-apprentice-trace-id").orElseThrow();
  }
}
