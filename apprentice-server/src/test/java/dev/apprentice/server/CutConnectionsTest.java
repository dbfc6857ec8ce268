package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * An upstream whose connection closes in the middle of its answer, over real HTTP: before the first chunk the call
 * fails over; after it, the stream ends with an error event (never a silent cut) and the trace blames the upstream.
 */
class CutConnectionsTest {

  private static final String ADMIN_KEY = "admin-key-cut-connections";
  private static final String ANSWER = UpstreamAnswers.completion("from the second");

  private final FakeUpstream first = new FakeUpstream();
  private final FakeUpstream second = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        one: { type: openai, base_url: "%s", api_key: sk-one }
        two: { type: openai, base_url: "%s", api_key: sk-two }
      models:
        single:
          targets: [ { provider: one, model: gpt-4o-mini } ]
          retries: 0
        pair:
          targets: [ { provider: one, model: gpt-4o-mini }, { provider: two, model: gpt-4o-mini } ]
          retries: 0
      """.formatted(first.baseUrl(), second.baseUrl()), ADMIN_KEY, Clock.systemUTC()).closing(first, second);
  private final KeyedHttp http = gateway.http();

  private static String chunk(String content) {
    return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"}}]}";
  }

  private HttpResponse<String> call(String model, boolean stream) {
    return http.post("/v1/chat/completions", null, "{\"model\":\"" + model + "\",\"stream\":" + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
  }

  @Test
  void aStreamCutAfterItsFirstChunksEndsWithAnErrorEventAndIsTracedAsAnUpstreamError() {
    first.sseCutMidBody(List.of(chunk("one"), chunk(" two")));

    HttpResponse<String> response = call("single", true);

    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.text()).isEqualTo("one two");
    assertThat(events.hasDone()).isFalse();
    assertThat(events.json().getLast().path("error").path("code").asText()).isEqualTo("upstream_error");
    JsonNode trace = gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("status").asInt()).isEqualTo(200);
    assertThat(trace.path("error_code").asText()).as("the upstream's fault, not the client's").isEqualTo("upstream_error");
  }

  @Test
  void aStreamCutBeforeItsFirstChunkFailsOverToTheNextTarget() {
    first.sseCutMidBody(List.of());
    second.sse(List.of(chunk("from the second"), "data: [DONE]"));

    HttpResponse<String> response = call("pair", true);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-apprentice-served-by")).hasValue("two/gpt-4o-mini");
    assertThat(response.headers().firstValue("x-apprentice-attempts")).hasValue("2");
    assertThat(SseEvents.parse(response.body()).text()).isEqualTo("from the second");
  }

  @Test
  void aStreamCutAfterItsUpstreamAnswered200ButBeforeItsFirstChunkIsBookedForItsPrompt() {
    first.sseCutMidBody(List.of());
    second.sse(List.of(chunk("from the second"), "data: [DONE]"));

    JsonNode lost = firstAttempt(call("pair", true));

    assertThat(lost.path("outcome").asText()).isEqualTo("connection");
    assertThat(lost.path("http_status").asInt()).as("the upstream had accepted the request").isEqualTo(200);
    bookedForItsPrompt(lost);
  }

  @Test
  void anAnswerCutShortAfterItsStatusIsBookedForItsPrompt() {
    first.jsonCutMidBody("{\"id\":\"chatcmpl-1\",\"object\":", 400);
    second.json(200, ANSWER);

    JsonNode lost = firstAttempt(call("pair", false));

    assertThat(lost.path("outcome").asText()).isEqualTo("connection");
    assertThat(lost.path("http_status").asInt()).isEqualTo(200);
    bookedForItsPrompt(lost);
  }

  /** The trace's first attempt, once the call was served by the second target. */
  private JsonNode firstAttempt(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-apprentice-served-by")).hasValue("two/gpt-4o-mini");
    JsonNode trace = gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    return trace.path("attempts").get(0);
  }

  private static void bookedForItsPrompt(JsonNode attempt) {
    assertThat(attempt.path("cost_estimated").asBoolean()).isTrue();
    assertThat(attempt.path("input_tokens").asInt()).isPositive();
    assertThat(attempt.path("output_tokens").asInt()).isZero();
    assertThat(attempt.path("cost_usd").asDouble()).isPositive();
  }

  @Test
  void anAnswerCutShortFailsOverToTheNextTarget() {
    first.jsonCutMidBody("{\"id\":\"chatcmpl-1\",\"object\":", 400);
    second.json(200, ANSWER);

    HttpResponse<String> response = call("pair", false);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-apprentice-served-by")).hasValue("two/gpt-4o-mini");
    assertThat(response.headers().firstValue("x-apprentice-attempts")).hasValue("2");
  }
}
