package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A model whose guardrail takes private data out of requests: calls refused before the guardrail ran (by a rate
 * limit, by validation) are traced without the client's text, {@code user} or {@code metadata}; calls the guardrail
 * checked keep its redacted form; models without such a guardrail keep everything as before.
 */
class GuardedRefusalsTracedTest {

  private static final String ADMIN_KEY = "admin-key-for-guarded-refusals";
  private static final String EMAIL = "jane.doe@example.com";

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      tenants: { default: { rpm: 1 } }
      traces: { capture: full }
      models:
        guarded:
          targets: [ { provider: sim, model: sim-echo } ]
          guard: { input: { pii: redact } }
        plain:
          targets: [ { provider: sim, model: sim-echo } ]
      """, ADMIN_KEY, Clock.systemUTC());
  private final RawHttp http = new RawHttp(gateway.server());
  private final AdminClient admin = gateway.admin();

  private static String call(String model, String extra) {
    return "{\"model\":\"" + model + "\",\"user\":\"" + EMAIL + "\",\"metadata\":{\"contact\":\"" + EMAIL + "\"},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"write to " + EMAIL + "\"}]" + extra + "}";
  }

  private JsonNode traceOf(HttpResponse<String> response) {
    return admin.trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
  }

  @Test
  void aCallRefusedByARateLimitBeforeTheGuardRanKeepsNoneOfTheClientsText() {
    HttpResponse<String> checked = http.post("/v1/chat/completions", call("guarded", ""));
    HttpResponse<String> refused = http.post("/v1/chat/completions", call("guarded", ""));

    assertThat(checked.statusCode()).isEqualTo(200);
    assertThat(refused.statusCode()).isEqualTo(429);
    JsonNode redacted = traceOf(checked);
    assertThat(redacted.toString()).doesNotContain(EMAIL).contains("<EMAIL_1>");
    JsonNode trace = traceOf(refused);
    assertThat(trace.path("error_code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(trace.toString()).doesNotContain(EMAIL);
    assertThat(trace.path("request").isNull() || trace.path("request").isMissingNode()).isTrue();
  }

  @Test
  void aRequestRefusedByValidationKeepsNeitherUserNorMetadata() {
    HttpResponse<String> refused = http.post("/v1/chat/completions", call("guarded", ",\"temperature\":7"));

    assertThat(refused.statusCode()).isEqualTo(400);
    JsonNode trace = traceOf(refused);
    assertThat(trace.path("status").asInt()).isEqualTo(400);
    assertThat(trace.toString()).doesNotContain(EMAIL);
  }

  @Test
  void aModelWithoutSuchAGuardrailKeepsTheRefusedRequestAsSent() {
    http.post("/v1/chat/completions", call("plain", ""));
    HttpResponse<String> refused = http.post("/v1/chat/completions", call("plain", ""));

    assertThat(refused.statusCode()).isEqualTo(429);
    JsonNode trace = traceOf(refused);
    assertThat(trace.path("user").asText()).isEqualTo(EMAIL);
    assertThat(trace.path("request").toString()).contains(EMAIL);
  }
}
