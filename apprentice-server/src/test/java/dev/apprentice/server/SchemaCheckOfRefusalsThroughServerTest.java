package dev.apprentice.server;

import static dev.apprentice.testing.FakeProvider.refuse;
import static dev.apprentice.testing.FakeProvider.reply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeProvider;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * An answer the model refused (finish reason {@code content_filter}, a {@code refusal}) is an answer, not malformed
 * output: the JSON-schema guardrail neither asks again nor blocks it as "not JSON". The client gets the refusal as the
 * upstream gave it, and the trace's verdict says the check was skipped for it.
 */
class SchemaCheckOfRefusalsThroughServerTest {

  private static final String ADMIN_KEY = "admin-key-for-schema-refusals";
  private static final String SORRY = "I can't help with that.";

  private final FakeProvider upstream = new FakeProvider("up");
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: simulator }
      models:
        strict:
          targets: [ { provider: up, model: gpt-4o } ]
          retries: 0
          guard: { output: { json_schema: block, json_schema_retry: true } }
      """, Map.of("up", upstream), ADMIN_KEY, Clock.systemUTC()).closing(upstream);
  private final AdminClient admin = gateway.admin();

  @Test
  void aRefusalWithTextIsNeitherRetriedNorBlockedButAnsweredAsTheUpstreamGaveIt() {
    upstream.then(refuse(SORRY, "Refused for safety."), reply("{\"name\":\"Ada\"}"));

    HttpResponse<String> response = post(false);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode choice = RawHttp.json(response.body()).path("choices").get(0);
    assertThat(choice.path("finish_reason").asText()).isEqualTo("content_filter");
    assertThat(choice.path("message").path("content").asText()).isEqualTo(SORRY);
    assertThat(choice.path("message").path("refusal").asText()).isEqualTo("Refused for safety.");
    assertThat(upstream.calls()).as("no second attempt").isEqualTo(1);
    assertSkippedForTheRefusal(response);
  }

  @Test
  void aRefusalWithoutContentIsRecordedAsSkippedNotAsPassing() {
    upstream.then(refuse(null, SORRY));

    HttpResponse<String> response = post(false);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode message = RawHttp.json(response.body()).path("choices").get(0).path("message");
    assertThat(message.path("content").isNull()).isTrue();
    assertThat(message.path("refusal").asText()).isEqualTo(SORRY);
    assertThat(upstream.calls()).isEqualTo(1);
    assertSkippedForTheRefusal(response);
  }

  @Test
  void aRetryTheModelRefusedAnswersWithThatRefusal() {
    upstream.then(reply("{\"name\":\"Ada\"}"), refuse(SORRY, null));

    HttpResponse<String> response = post(false);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode choice = RawHttp.json(response.body()).path("choices").get(0);
    assertThat(choice.path("finish_reason").asText()).isEqualTo("content_filter");
    assertThat(choice.path("message").path("content").asText()).isEqualTo(SORRY);
    assertThat(upstream.calls()).isEqualTo(2);
    assertThat(verdicts(response)).containsExactly("json_schema:retry", "json_schema:skip");
  }

  @Test
  void aStreamedRefusalEndsAsTheUpstreamEndedItNotWithABlockedError() {
    upstream.then(refuse(SORRY, "Refused for safety."));

    HttpResponse<String> response = post(true);

    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.text()).isEqualTo(SORRY);
    assertThat(events.finishReasons()).containsExactly("content_filter");
    assertThat(events.endsWithDone()).as("no content_blocked error event").isTrue();
    assertThat(events.chunks().getLast().path("choices").get(0).path("delta").path("refusal").asText())
        .isEqualTo("Refused for safety.");
    assertSkippedForTheRefusal(response);
  }

  private void assertSkippedForTheRefusal(HttpResponse<String> response) {
    JsonNode trace = traceOf(response);
    assertThat(trace.path("status").asInt()).isEqualTo(200);
    assertThat(trace.path("error_code").isNull() || trace.path("error_code").isMissingNode()).isTrue();
    assertThat(AdminClient.list(trace.path("guard"))).singleElement().satisfies(v -> {
      assertThat(v.path("scanner").asText()).isEqualTo("json_schema");
      assertThat(v.path("action").asText()).isEqualTo("skip");
      assertThat(v.path("findings").path("REFUSAL").asInt()).isEqualTo(1);
    });
  }

  private java.util.List<String> verdicts(HttpResponse<String> response) {
    return AdminClient.list(traceOf(response).path("guard")).stream()
        .map(v -> v.path("scanner").asText() + ":" + v.path("action").asText()).toList();
  }

  private JsonNode traceOf(HttpResponse<String> response) {
    return admin.trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
  }

  private HttpResponse<String> post(boolean stream) {
    String format = "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"person\",\"schema\":{\"type\":\"object\","
        + "\"properties\":{\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\"}},\"required\":[\"name\",\"age\"]}}}";
    return gateway.http().post("/v1/chat/completions", null, "{\"model\":\"strict\",\"stream\":" + stream
        + ",\"response_format\":" + format + ",\"messages\":[{\"role\":\"user\",\"content\":\"Invent a person\"}]}");
  }
}
