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
 * A stream that an upstream breaks with an error of its own after the first token ends with an error event that says
 * what the upstream said: its message, and a code the client can act on where there is one. The trace and the
 * metrics say the same as the event.
 */
class UpstreamErrorEventsThroughServerTest {

  private static final String UPSTREAM_KEY = "sk-upstream-key-0123456789";
  private static final String ANTHROPIC_START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
      + "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
      + "\"stop_reason\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}";
  private static final String ANTHROPIC_TEXT = "event: content_block_start\ndata: {\"type\":\"content_block_start\","
      + "\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\nevent: content_block_delta\ndata: "
      + "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Once upon\"}}";
  private static final String OPENAI_TEXT = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
      + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Once upon\"}}]}";

  private final FakeUpstream openai = new FakeUpstream();
  private final FakeUpstream anthropic = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        oai: { type: openai, base_url: "%s", api_key: %s }
        claude: { type: anthropic, base_url: "%s", api_key: sk-ant-upstream }
      models:
        gpt:
          targets: [ { provider: oai, model: gpt-4o-mini } ]
          retries: 0
        sonnet:
          targets: [ { provider: claude, model: claude-sonnet-4-5 } ]
          retries: 0
      """.formatted(openai.baseUrl(), UPSTREAM_KEY, anthropic.rootUrl()), Gateways.ADMIN_KEY, Clock.systemUTC())
      .closing(openai, anthropic);

  private HttpResponse<String> stream(String model) {
    return gateway.http().post("/v1/chat/completions", null, "{\"model\":\"" + model + "\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"tell me a story\"}]}");
  }

  /** The error event that ended the stream, after the text that came before it. */
  private static JsonNode errorEvent(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.text()).isEqualTo("Once upon");
    assertThat(events.hasDone()).isFalse();
    return events.json().getLast().path("error");
  }

  private JsonNode trace(HttpResponse<String> response) {
    return gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
  }

  private List<String> metrics() {
    return List.of(gateway.http().get("/metrics", null).body().split("\n"));
  }

  @Test
  void anAnthropicOverloadedErrorAfterTheFirstTokenEndsTheStreamAsOverloadedWithAnthropicsOwnMessage() {
    anthropic.sse(List.of(ANTHROPIC_START, ANTHROPIC_TEXT, "event: error\ndata: {\"type\":\"error\","
        + "\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded, try again shortly\"}}"));

    HttpResponse<String> response = stream("sonnet");

    JsonNode error = errorEvent(response);
    assertThat(error.path("type").asText()).isEqualTo("upstream_error");
    assertThat(error.path("code").asText()).isEqualTo("upstream_overloaded");
    assertThat(error.path("message").asText()).isEqualTo("Overloaded, try again shortly");
    assertThat(error.has("param")).isTrue();
    JsonNode trace = trace(response);
    assertThat(trace.path("error_code").asText()).isEqualTo("upstream_overloaded");
    assertThat(trace.path("error_message").asText()).isEqualTo("Overloaded, try again shortly");
    assertThat(metrics())
        .contains("apprentice_stream_failures_total{api=\"chat_completions\",model=\"sonnet\",reason=\"upstream_overloaded\"} 1.0")
        .anyMatch(line -> line.startsWith("apprentice_errors_total{") && line.contains("code=\"upstream_overloaded\"")
            && line.contains("model=\"sonnet\"") && line.endsWith(" 1.0"));
  }

  @Test
  void anOpenAiCompatibleServersRateLimitErrorMidStreamEndsTheStreamAsRateLimitedWithItsOwnMessage() {
    openai.sse(List.of(OPENAI_TEXT, "data: {\"error\":{\"object\":\"error\",\"message\":\"Too many requests in"
        + " flight\",\"type\":\"RateLimitError\",\"param\":null,\"code\":429}}"));

    HttpResponse<String> response = stream("gpt");

    JsonNode error = errorEvent(response);
    assertThat(error.path("type").asText()).isEqualTo("upstream_error");
    assertThat(error.path("code").asText()).isEqualTo("upstream_rate_limited");
    assertThat(error.path("message").asText()).isEqualTo("Too many requests in flight");
    JsonNode trace = trace(response);
    assertThat(trace.path("error_code").asText()).isEqualTo("upstream_rate_limited");
    assertThat(trace.path("error_message").asText()).isEqualTo("Too many requests in flight");
    assertThat(metrics())
        .contains("apprentice_stream_failures_total{api=\"chat_completions\",model=\"gpt\",reason=\"upstream_rate_limited\"} 1.0")
        .anyMatch(line -> line.startsWith("apprentice_errors_total{") && line.contains("code=\"upstream_rate_limited\"")
            && line.contains("model=\"gpt\"") && line.endsWith(" 1.0"))
        .noneMatch(line -> line.contains("code=\"rate_limit_exceeded\""));
  }

  @Test
  void anUpstreamErrorMidStreamWithNoBetterCodeKeepsUpstreamErrorAndItsMessageWithTheProvidersKeyMasked() {
    openai.sse(List.of(OPENAI_TEXT, "event: error\ndata: {\"error\":{\"message\":\"engine died while serving key "
        + UPSTREAM_KEY + "\",\"type\":\"InternalServerError\",\"code\":500}}"));

    HttpResponse<String> response = stream("gpt");

    JsonNode error = errorEvent(response);
    assertThat(error.path("type").asText()).isEqualTo("upstream_error");
    assertThat(error.path("code").asText()).isEqualTo("upstream_error");
    assertThat(error.path("message").asText()).isEqualTo("engine died while serving key ****");
    assertThat(response.body()).doesNotContain(UPSTREAM_KEY);
    JsonNode trace = trace(response);
    assertThat(trace.path("error_code").asText()).isEqualTo("upstream_error");
    assertThat(trace.path("error_message").asText()).isEqualTo("engine died while serving key ****");
    assertThat(metrics()).contains("apprentice_stream_failures_total{api=\"chat_completions\",model=\"gpt\",reason=\"upstream_error\"} 1.0");
  }

  @Test
  void aStreamCutWithoutAnErrorOfTheUpstreamsOwnStillSaysTheUpstreamFailedMidStream() {
    openai.sse(List.of(OPENAI_TEXT)); // the body ends without a finish reason or [DONE]

    HttpResponse<String> response = stream("gpt");

    JsonNode error = errorEvent(response);
    assertThat(error.path("code").asText()).isEqualTo("upstream_error");
    assertThat(error.path("message").asText()).startsWith("the upstream failed mid-stream: ");
    assertThat(trace(response).path("error_message").asText()).isEqualTo(error.path("message").asText());
  }
}
