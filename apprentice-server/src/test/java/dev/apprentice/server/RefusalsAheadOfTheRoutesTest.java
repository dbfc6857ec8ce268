package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Model calls refused before their route's handler ran — a body declared over the limit (which the web server
 * answers itself), a body with a Content-Encoding, two Authorization headers — are counted and traced like the
 * handlers' own refusals (a 400 for malformed JSON, a 413 for a chunked body over the limit): the answer names the
 * trace, the trace has the caller's key, and {@code apprentice_requests_total} counts it.
 */
class RefusalsAheadOfTheRoutesTest {

  private static final String ADMIN_KEY = "admin-key-for-refusals-ahead-of-the-routes";

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      server: { max_body_bytes: 1024 }
      providers:
        sim: { type: simulator }
      models:
        m: { targets: [ { provider: sim, model: sim-echo } ] }
      """, ADMIN_KEY, Clock.systemUTC());
  private final AdminClient admin = gateway.admin();
  private final RawHttp http = new RawHttp(gateway.server());
  private final String key = admin.newKey("{\"tenant\":\"acme\"}");

  private static String oversized(String field) {
    return "{\"model\":\"m\",\"" + field + "\":\"" + "x".repeat(2048) + "\"}";
  }

  /** A POST whose body is sent with its Content-Length, as SDKs send it, and the given headers. */
  private HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder request = http.request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) request.headers(headers);
    return http.send(request);
  }

  private JsonNode traceOf(HttpResponse<String> response) {
    String id = response.headers().firstValue("x-apprentice-trace-id").orElseThrow(
        () -> new AssertionError("the answer names no trace: " + response.headers().map()));
    return admin.trace(id);
  }

  private String requestsCounted(int status) {
    String metrics = http.get("/metrics").body();
    return metrics.lines().filter(line -> line.startsWith("apprentice_requests_total{")
        && line.contains("status=\"" + status + "\"")).findFirst().orElse("none");
  }

  @Test
  void aChatBodyDeclaredOverTheLimitIsTracedWithTheCallersKeyAndCounted() {
    HttpResponse<String> refused = post("/v1/chat/completions", oversized("messages"), "Authorization", "Bearer " + key);

    assertThat(refused.statusCode()).isEqualTo(413);
    JsonNode trace = traceOf(refused);
    assertThat(trace.path("status").asInt()).isEqualTo(413);
    assertThat(trace.path("error_code").asText()).isEqualTo("request_too_large");
    assertThat(trace.path("tenant").asText()).isEqualTo("acme");
    assertThat(trace.path("operation").asText()).isEqualTo("chat");
    assertThat(requestsCounted(413)).contains("model=\"none\"").endsWith(" 1.0");
  }

  @Test
  void anEmbeddingsBodyDeclaredOverTheLimitIsTracedAsAnEmbeddingsCall() {
    HttpResponse<String> refused = post("/v1/embeddings", oversized("input"), "Authorization", "Bearer " + key);

    assertThat(refused.statusCode()).isEqualTo(413);
    JsonNode trace = traceOf(refused);
    assertThat(trace.path("error_code").asText()).isEqualTo("request_too_large");
    assertThat(trace.path("operation").asText()).isEqualTo("embeddings");
    assertThat(requestsCounted(413)).endsWith(" 1.0");
  }

  @Test
  void anEncodedChatBodyIsTracedWithTheCallersKeyAndCounted() {
    HttpResponse<String> refused = post("/v1/chat/completions", "{}", "Authorization", "Bearer " + key,
        "Content-Encoding", "gzip");

    assertThat(refused.statusCode()).isEqualTo(415);
    JsonNode trace = traceOf(refused);
    assertThat(trace.path("error_code").asText()).isEqualTo("unsupported_media_type");
    assertThat(trace.path("tenant").asText()).isEqualTo("acme");
    assertThat(requestsCounted(415)).endsWith(" 1.0");
  }

  @Test
  void anEncodedResponsesBodyIsTracedAndCountedAsAChatCallsIs() {
    HttpResponse<String> refused = post("/v1/responses", "{}", "Authorization", "Bearer " + key,
        "Content-Encoding", "gzip");

    assertThat(refused.statusCode()).isEqualTo(415);
    JsonNode trace = traceOf(refused);
    assertThat(trace.path("error_code").asText()).isEqualTo("unsupported_media_type");
    assertThat(trace.path("operation").asText()).isEqualTo("chat");
    assertThat(trace.path("api").asText()).isEqualTo("responses");
    assertThat(trace.path("tenant").asText()).isEqualTo("acme");
    assertThat(requestsCounted(415)).endsWith(" 1.0");
  }

  @Test
  void twoAuthorizationHeadersOnAModelCallAreTracedAsUnauthenticatedAndCounted() {
    HttpResponse<String> refused = post("/v1/chat/completions", "{}", "Authorization", "Bearer " + key,
        "Authorization", "Bearer ak-000000000000-other");

    assertThat(refused.statusCode()).isEqualTo(400);
    JsonNode trace = traceOf(refused);
    assertThat(trace.path("tenant").asText()).as("which key is the caller is the question").isEqualTo("unauthenticated");
    assertThat(trace.path("error_message").asText()).contains("2 Authorization headers");
    assertThat(requestsCounted(400)).endsWith(" 1.0");
  }

  @Test
  void theSameRefusalsOfAnAdminRequestAreNeitherTracedNorCountedAsModelCalls() {
    HttpResponse<String> tooLarge = post("/admin/keys", oversized("tenant"), "Authorization", "Bearer " + ADMIN_KEY);
    HttpResponse<String> encoded = post("/admin/keys", "{}", "Authorization", "Bearer " + ADMIN_KEY,
        "Content-Encoding", "gzip");

    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(encoded.statusCode()).isEqualTo(415);
    assertThat(tooLarge.headers().firstValue("x-apprentice-trace-id")).isEmpty();
    assertThat(encoded.headers().firstValue("x-apprentice-trace-id")).isEmpty();
    assertThat(requestsCounted(413)).isEqualTo("none");
    assertThat(requestsCounted(415)).isEqualTo("none");
  }
}
