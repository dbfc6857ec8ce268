package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static dev.apprentice.server.StreamingFailuresTest.eventually;
import static dev.apprentice.testing.FakeProvider.roleChunk;
import static dev.apprentice.testing.FakeProvider.textChunk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.UpstreamError;
import dev.apprentice.testing.FakeProvider;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A guarded stream whose opening is read ahead (an output {@code block} scanner) while all of its text is held, so
 * that nothing has reached the client: should the upstream fail or the call's deadline pass by then, and no other
 * target or retry answer ({@link GuardedStreamOpeningFailoverThroughServerTest}), the client gets the plain error a
 * stream that failed before its first chunk gets, not a stream that begins and ends in an error event; the trace says
 * the same, charges what the upstream sent, and the upstream's stream is closed.
 */
class GuardedStreamOpeningFailuresThroughServerTest {

  private static final String ADMIN_KEY = "admin-key-for-guard-tests";

  private final FakeProvider upstream = new FakeProvider("up");
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: simulator }
      models:
        open:
          targets: [ { provider: up, model: gpt-4o } ]
          retries: 0
          timeout_ms: 1000
        refusing:
          targets: [ { provider: up, model: gpt-4o } ]
          retries: 0
          timeout_ms: 1000
          guard: { output: { secrets: block } }
      """, Map.of("up", upstream), ADMIN_KEY, Clock.systemUTC()).closing(upstream);
  private final AdminClient admin = gateway.admin();

  @Test
  void aConnectionLostWhileTheOpeningTextIsHeldAnswersThePlain502OfAStreamThatFailedBeforeItsFirstChunk() {
    upstream.then(FakeProvider.streamChunksThenFail(Kind.CONNECTION));
    HttpResponse<String> unguarded = gateway.http().post("/v1/chat/completions", null, body("open"));
    upstream.then(FakeProvider.streamChunksThenFail(Kind.CONNECTION, roleChunk(), textChunk("Use the key ")));

    HttpResponse<String> guarded = gateway.http().post("/v1/chat/completions", null, body("refusing"));

    assertError(unguarded, 502, "upstream_error", "upstream_error", null);
    assertTheSameError(guarded, unguarded);
    assertThat(RawHttp.json(guarded.body()).path("error").path("message").asText())
        .isEqualTo("every target of model 'refusing' failed: up/gpt-4o: CONNECTION up: scripted CONNECTION mid-stream");
    JsonNode trace = tracedAs(guarded, 502, "upstream_error");
    assertThat(trace.path("error_message").asText()).startsWith("every target of model 'refusing' failed");
    assertThat(upstream.closes()).as("both upstream streams closed").isEqualTo(2);
  }

  @Test
  void theAttemptWhoseStreamFailedWhileItsOpeningWasHeldIsRecordedAndCountedWithTheFailureNotOk() {
    upstream.then(FakeProvider.streamChunksThenFail(Kind.CONNECTION));
    HttpResponse<String> unguarded = gateway.http().post("/v1/chat/completions", null, body("open"));
    upstream.then(FakeProvider.streamChunksThenFail(Kind.CONNECTION, roleChunk(), textChunk("Use the key ")));

    HttpResponse<String> guarded = gateway.http().post("/v1/chat/completions", null, body("refusing"));

    JsonNode failedFirst = AdminClient.list(traceOf(unguarded).path("attempts")).getFirst();
    JsonNode attempt = AdminClient.list(tracedAs(guarded, 502, "upstream_error").path("attempts")).getFirst();
    assertThat(failedFirst.path("outcome").asText()).isEqualTo("connection");
    assertThat(attempt.path("outcome").asText()).as("as an unguarded stream that failed before its first chunk")
        .isEqualTo(failedFirst.path("outcome").asText());
    assertThat(attempt.path("output_tokens").asInt()).as("still booked at what the upstream sent").isPositive();
    PrometheusText metrics = PrometheusText.parse(gateway.http().get("/metrics", null).body());
    assertThat(metrics.sum("apprentice_upstream_attempts_total", Map.of("outcome", "connection"))).isEqualTo(2);
    assertThat(metrics.sum("apprentice_upstream_attempts_total", Map.of("outcome", "ok"))).isZero();
  }

  @Test
  void aMalformedChunkWhileTheOpeningTextIsHeldAnswersThePlain502Too() {
    upstream.then(FakeProvider.streamChunksThenFail(Kind.BAD_RESPONSE, roleChunk(), textChunk("Use the key ")));

    HttpResponse<String> guarded = gateway.http().post("/v1/chat/completions", null, body("refusing"));

    assertError(guarded, 502, "upstream_error", "upstream_error", null);
    assertThat(guarded.body()).doesNotContain("data:").doesNotContain("Use the key");
    tracedAs(guarded, 502, "upstream_error");
  }

  @Test
  void anUpstreamsErrorEventWhileTheOpeningTextIsHeldAnswersThePlain502WithWhatTheUpstreamSaid() {
    UpstreamError said = new UpstreamError("Overloaded", null, "overloaded_error");
    upstream.then(FakeProvider.streamChunksThenError(Kind.OVERLOADED, said));
    HttpResponse<String> unguarded = gateway.http().post("/v1/chat/completions", null, body("open"));
    upstream.then(FakeProvider.streamChunksThenError(Kind.OVERLOADED, said, roleChunk(), textChunk("Use the key ")));

    HttpResponse<String> guarded = gateway.http().post("/v1/chat/completions", null, body("refusing"));

    assertError(unguarded, 502, "upstream_error", "upstream_error", null);
    assertTheSameError(guarded, unguarded);
    assertThat(RawHttp.json(guarded.body()).path("error").path("message").asText())
        .isEqualTo("every target of model 'refusing' failed: up/gpt-4o: OVERLOADED up: error event: Overloaded");
    tracedAs(guarded, 502, "upstream_error");
  }

  @Test
  void theDeadlinePassingWhileTheOpeningTextIsHeldAnswersThePlain504OfAStreamThatNeverBegan() throws Exception {
    upstream.then(FakeProvider.streamStallBeforeFirst(Duration.ofSeconds(30)));
    HttpResponse<String> unguarded = gateway.http().post("/v1/chat/completions", null, body("open"));
    upstream.then(FakeProvider.streamChunksThenStall(roleChunk(), textChunk("Use the key ")));

    HttpResponse<String> guarded = gateway.http().post("/v1/chat/completions", null, body("refusing"));

    assertError(unguarded, 504, "upstream_error", "upstream_timeout", null);
    assertTheSameError(guarded, unguarded);
    assertThat(RawHttp.json(guarded.body()).path("error").path("message").asText())
        .startsWith("model 'refusing' did not answer within 1000 ms");
    JsonNode attempt = AdminClient.list(tracedAs(guarded, 504, "upstream_timeout").path("attempts")).getFirst();
    assertThat(attempt.path("outcome").asText()).as("as the unguarded stream's, which never began")
        .isEqualTo(AdminClient.list(traceOf(unguarded).path("attempts")).getFirst().path("outcome").asText())
        .isEqualTo("timeout");
    assertThat(eventually(upstream::closes, 2, Duration.ofSeconds(10))).as("upstream streams closed").isEqualTo(2);
    assertThat(eventually(upstream::waiting, 0, Duration.ofSeconds(10))).as("readers left waiting").isZero();
  }

  /** The same status, error shape and headers, and nothing of a stream. */
  private static void assertTheSameError(HttpResponse<String> guarded, HttpResponse<String> unguarded) {
    JsonNode told = RawHttp.json(unguarded.body()).path("error");
    assertError(guarded, unguarded.statusCode(), told.path("type").asText(), told.path("code").asText(), null);
    assertThat(guarded.body()).doesNotContain("data:").doesNotContain("Use the key");
    for (String header : new String[] {"x-apprentice-attempts", "retry-after"}) {
      assertThat(guarded.headers().firstValue(header)).as(header).isEqualTo(unguarded.headers().firstValue(header));
    }
  }

  /** The call's trace, after checking that it says what the client was told and charges what the upstream sent. */
  private JsonNode tracedAs(HttpResponse<String> response, int status, String code) {
    JsonNode trace = traceOf(response);
    assertThat(trace.path("status").asInt()).isEqualTo(status);
    assertThat(trace.path("error_code").asText()).isEqualTo(code);
    assertThat(trace.path("output_tokens").asInt()).as("what the upstream sent is charged").isPositive();
    assertThat(AdminClient.list(trace.path("guard"))).as("no answer came to be judged").isEmpty();
    return trace;
  }

  private JsonNode traceOf(HttpResponse<String> response) {
    return admin.trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
  }

  private static String body(String model) {
    return "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello?\"}]}";
  }
}
