package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.providers.simulator.SimulatorSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The standalone simulator server: answers like OpenAI, and renders forced faults on the wire. */
class SimulatorServerTest {

  private SimulatorServer server;
  private RawHttp http;

  @BeforeEach
  void start() {
    server = SimulatorServer.start("127.0.0.1", 0, SimulatorSettings.defaults());
    http = new RawHttp(server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void itAnswersAChatCompletionByEchoingTheLastUserMessage() {
    HttpResponse<String> response = http.post("/v1/chat/completions", request("sim-echo", "echo these words", false, null));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = RawHttp.json(response.body());
    assertThat(body.path("object").asText()).isEqualTo("chat.completion");
    assertThat(body.path("choices").path(0).path("message").path("content").asText()).isEqualTo("echo these words");
    assertThat(body.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
    assertThat(body.path("usage").path("completion_tokens").asInt()).isPositive();
  }

  @Test
  void itStreamsTheSameAnswerAsServerSentEvents() {
    HttpResponse<String> response = http.post("/v1/chat/completions", request("sim-echo", "echo these words", true, null));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    ChatCompletionsTest.assertEveryEventIsADataLine(response.body());
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.endsWithDone()).isTrue();
    assertThat(events.text()).isEqualTo("echo these words");
    assertThat(events.finishReasons()).containsExactly("stop");
    assertThat(events.usages()).as("no usage chunk unless stream_options.include_usage asks").isEmpty();
  }

  @Test
  void aStreamCarriesItsUsageChunkWhenTheClientAsksForIt() {
    String body = request("sim-echo", "echo these words", true, null)
        .replace("\"stream\":true", "\"stream\":true,\"stream_options\":{\"include_usage\":true}");
    SseEvents events = SseEvents.parse(http.post("/v1/chat/completions", body).body());

    assertThat(events.usages()).singleElement()
        .satisfies(usage -> assertThat(usage.path("completion_tokens").asInt()).isEqualTo(3));
  }

  @Test
  void aForcedRateLimitIsA429WithRetryAfter() {
    HttpResponse<String> response = http.post("/v1/chat/completions", request("sim-echo", "hi", false, "rate_limit"));

    assertError(response, 429, "rate_limit_error", "rate_limit_exceeded", null);
    assertThat(response.headers().firstValue("retry-after")).hasValue("1");
  }

  @Test
  void aForcedServerErrorIsA500() {
    HttpResponse<String> response = http.post("/v1/chat/completions", request("sim-echo", "hi", false, "server_error"));

    assertThat(response.statusCode()).isEqualTo(500);
    ErrorAsserts.assertNoStackTrace(response.body());
    assertThat(RawHttp.json(response.body()).path("error").path("message").asText()).contains("simulated server error");
  }

  @Test
  void aForcedTruncatedStreamEndsWithoutDone() {
    HttpResponse<String> response = http.post("/v1/chat/completions",
        request("sim-echo", "one two three four five six", true, "truncated_stream"));

    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.hasDone()).isFalse();
    assertThat(events.chunks()).isNotEmpty();
    assertThat(events.text()).isNotEmpty().isNotEqualTo("one two three four five six");
    assertThat(events.finishReasons()).isEmpty();
  }

  @Test
  void aResponseFormatTypeOpenAiDoesNotKnowIsA400NamingItAsOpenAiAnswers() {
    assertError(http.post("/v1/chat/completions", """
        {"model":"sim-echo","response_format":{"type":"xml"},"messages":[{"role":"user","content":"hi"}]}"""),
        400, "invalid_request_error", null, "response_format.type");
  }

  @Test
  void aForcedMalformedJsonIsA200WhoseBodyDoesNotParse() {
    HttpResponse<String> response = http.post("/v1/chat/completions", request("sim-echo", "hi", false, "malformed_json"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThatThrownBy(() -> RawHttp.JSON.readTree(response.body())).isInstanceOf(IOException.class);
  }

  @Test
  void aForcedConnectionResetCutsTheAnswerShort() {
    assertThatThrownBy(() -> http.post("/v1/chat/completions", request("sim-echo", "hi", false, "connection_reset")))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void anInvalidRequestIsA400InOpenAiShape() {
    assertError(http.post("/v1/chat/completions", "{\"model\":\"sim-echo\",\"messages\":[]}"),
        400, "invalid_request_error", null, "messages");
  }

  @Test
  void aNullBodyIsA400InOpenAiShape() {
    assertError(http.post("/v1/chat/completions", "null"), 400, "invalid_request_error", null, null);
  }

  @Test
  void itListsItsModelsAndAnswersHealth() {
    HttpResponse<String> models = http.get("/v1/models");
    assertThat(models.statusCode()).isEqualTo(200);
    JsonNode list = RawHttp.json(models.body());
    assertThat(list.path("object").asText()).isEqualTo("list");
    assertThat(list.path("data").findValuesAsText("id")).contains("sim-echo", "sim-lorem");
    assertThat(http.get("/health").statusCode()).isEqualTo(200);
  }

  private static String request(String model, String text, boolean stream, String fault) {
    String metadata = fault == null ? "" : ",\"metadata\":{\"sim_fault\":\"" + fault + "\"}";
    return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
        + text + "\"}]" + metadata + "}";
  }
}
