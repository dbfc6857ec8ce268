package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static dev.apprentice.testing.FakeProvider.reply;
import static dev.apprentice.testing.FakeProvider.streamReply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeProvider;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Guardrails over HTTP: the 422 shape, restored SSE streams, the trace's verdicts and the guard metrics. */
class GuardThroughServerTest {

  private static final String ADMIN_KEY = "admin-key-for-guard-tests";
  private static final String EMAIL = "jane.doe@example.com";
  /** Built at run time so that no token-shaped literal sits in the sources; never a real credential. */
  private static final String TOKEN = "gh" + "p_" + new StringBuilder("5Az3Yx1Wv9Ut7Sr5Qp3Nm1Lk9Jh7Gf5Ed3Ba").reverse();

  private final FakeProvider upstream = new FakeProvider("up");
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: simulator }
      guard:
        input: { pii: redact, secrets: block }
      models:
        smart:
          targets: [ { provider: up, model: gpt-4o } ]
          retries: 0
        typed:
          targets: [ { provider: up, model: gpt-4o } ]
          guard: { output: { json_schema: block } }
      """, Map.of("up", upstream), ADMIN_KEY, Clock.systemUTC()).closing(upstream);
  private final ApprenticeServer server = gateway.server();
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();

  @Test
  void aBlockedRequestAnswers422ContentBlockedNamingTheScannerButNotTheValue() {
    HttpResponse<String> response = http.chat(null, "smart", "deploy with " + TOKEN);

    JsonNode error = assertError(response, 422, "invalid_request_error", "content_blocked", null);
    assertThat(error.path("message").asText()).contains("scanner 'secrets' found 1 SECRET").doesNotContain(TOKEN);
    assertThat(upstream.calls()).isZero();
    assertThat(response.headers().firstValue("x-apprentice-attempts")).as("an error answer of a call").hasValue("0");
    JsonNode trace = admin.trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("status").asInt()).isEqualTo(422);
    assertThat(trace.path("error_code").asText()).isEqualTo("content_blocked");
    assertThat(trace.path("request").toString()).doesNotContain(TOKEN);
    assertThat(AdminClient.list(trace.path("guard"))).extracting(v -> v.path("scanner").asText() + ":"
        + v.path("action").asText()).containsExactly("pii:pass", "secrets:block");
  }

  @Test
  void aRedactedStreamArrivesRestoredAsWellFormedServerSentEvents() {
    upstream.then(streamReply("Sending to <EM", "AIL_1> now", "."));

    HttpResponse<String> response = http.post("/v1/chat/completions", null,
        "{\"model\":\"smart\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"mail " + EMAIL + "\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.text()).isEqualTo("Sending to " + EMAIL + " now.");
    assertThat(events.endsWithDone()).isTrue();
    assertThat(events.finishReasons()).containsExactly("stop");
    assertThat(upstream.received().getFirst().request().messages().getFirst().text()).isEqualTo("mail <EMAIL_1>");
    JsonNode trace = admin.trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("request").toString()).doesNotContain(EMAIL).contains("<EMAIL_1>");
    assertThat(trace.path("response").toString()).doesNotContain(EMAIL).contains("<EMAIL_1>");
    JsonNode verdict = trace.path("guard").path(0);
    assertThat(verdict.path("direction").asText()).isEqualTo("input");
    assertThat(verdict.path("action").asText()).isEqualTo("redact");
    assertThat(verdict.path("findings").path("EMAIL_ADDRESS").asInt()).isEqualTo(1);
    assertThat(verdict.has("micros")).isTrue();
  }

  @Test
  void aStreamThatFailsItsSchemaEndsWithAContentBlockedErrorEventInsteadOfDone() {
    upstream.then(streamReply("{\"name\":", "\"Ada\"}"));
    String body = "{\"model\":\"typed\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"a person\"}],"
        + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"p\",\"schema\":{\"type\":\"object\","
        + "\"required\":[\"name\",\"age\"]}}}}";

    HttpResponse<String> response = http.post("/v1/chat/completions", null, body);

    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.text()).isEqualTo("{\"name\":\"Ada\"}");
    assertThat(events.hasDone()).isFalse();
    JsonNode error = events.json().getLast().path("error");
    assertThat(error.path("code").asText()).isEqualTo("content_blocked");
    assertThat(error.path("message").asText()).contains("json_schema");
  }

  @Test
  void theUserAndTheMetadataReachNeitherTheUpstreamNorTheTraceUnredacted() {
    upstream.then(reply("ok"));

    HttpResponse<String> response = http.post("/v1/chat/completions", null, "{\"model\":\"smart\",\"user\":\"" + EMAIL
        + "\",\"metadata\":{\"contact\":\"" + EMAIL + "\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(upstream.received().getFirst().request().user()).isEqualTo("<EMAIL_1>");
    assertThat(upstream.received().getFirst().request().metadata()).isEqualTo(Map.of("contact", "<EMAIL_1>"));
    JsonNode trace = admin.trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("user").asText()).isEqualTo("<EMAIL_1>");
    assertThat(trace.toString()).doesNotContain(EMAIL);
  }

  @Test
  void verdictsAreCountedInTheMetricsByModelDirectionScannerAndAction() {
    upstream.then(reply("ok <EMAIL_1>"));
    assertThat(http.chat(null, "smart", "hello " + EMAIL).body()).contains("ok " + EMAIL);
    http.chat(null, "smart", "deploy with " + TOKEN);

    String metrics = new RawHttp(server).get("/metrics").body();

    assertThat(metrics).contains(
        "apprentice_guard_verdicts_total{action=\"redact\",api=\"chat_completions\",direction=\"input\",model=\"smart\",scanner=\"pii\"} 1.0",
        "apprentice_guard_verdicts_total{action=\"block\",api=\"chat_completions\",direction=\"input\",model=\"smart\",scanner=\"secrets\"} 1.0",
        "apprentice_guard_scan_duration_seconds_count{direction=\"input\",scanner=\"pii\"} 2");
    assertThat(metrics).as("buckets up to the seconds an injection scan of a long call takes")
        .containsPattern("apprentice_guard_scan_duration_seconds_bucket\\{direction=\"input\",scanner=\"pii\",le=\"1\\.0\"} 2")
        .containsPattern("apprentice_guard_scan_duration_seconds_bucket\\{direction=\"input\",scanner=\"pii\",le=\"5\\.0\"} 2");
    assertThat(List.of(metrics.split("\n"))).noneMatch(line -> line.contains(EMAIL) || line.contains(TOKEN));
  }

  @Test
  void aStreamedAnswerTheGuardBlocksIsCountedOnceAsABlockAndNotAsABrokenStream() {
    upstream.then(streamReply("{\"name\":", "\"Ada\"}"));
    String body = "{\"model\":\"typed\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"a person\"}],"
        + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"p\",\"schema\":{\"type\":\"object\","
        + "\"required\":[\"name\",\"age\"]}}}}";
    assertThat(SseEvents.parse(http.post("/v1/chat/completions", null, body).body()).hasDone()).isFalse();

    String metrics = new RawHttp(server).get("/metrics").body();

    assertThat(metrics).contains(
        "apprentice_guard_verdicts_total{action=\"block\",api=\"chat_completions\",direction=\"output\",model=\"typed\",scanner=\"json_schema\"} 1.0",
        "apprentice_errors_total{api=\"chat_completions\",code=\"content_blocked\",model=\"typed\",provider=\"up\",tenant=\"default\"} 1.0");
    assertThat(List.of(metrics.split("\n"))).filteredOn(line -> line.startsWith("apprentice_stream_failures_total"))
        .isEmpty();
  }
}
