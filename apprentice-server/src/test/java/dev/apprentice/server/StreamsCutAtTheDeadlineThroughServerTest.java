package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A stream that started in time runs until the call's {@code timeout_ms}, past its first-token limit, and is cut there
 * with an {@code upstream_timeout} error event that its trace and {@code apprentice_stream_failures_total} agree on,
 * whether the gateway was waiting on a silent upstream then or reading one that keeps sending (whose body's reads
 * stop at the deadline too). Both providers over real HTTP.
 */
class StreamsCutAtTheDeadlineThroughServerTest {

  private static final String CUT = "the upstream failed mid-stream: the call's deadline passed mid-stream";
  private static final String ANTHROPIC_START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
      + "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
      + "\"stop_reason\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\nevent: content_block_start\n"
      + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}";

  private final FakeUpstream openai = new FakeUpstream();
  private final FakeUpstream anthropic = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        oai: { type: openai, base_url: "%s", api_key: sk-upstream }
        claude: { type: anthropic, base_url: "%s", api_key: sk-ant-upstream }
      models:
        gpt:
          targets: [ { provider: oai, model: gpt-4o-mini } ]
          retries: 0
          ttft_timeout_ms: 1000
          timeout_ms: 2500
        sonnet:
          targets: [ { provider: claude, model: claude-sonnet-4-5 } ]
          retries: 0
          ttft_timeout_ms: 1000
          timeout_ms: 2500
      """.formatted(openai.baseUrl(), anthropic.rootUrl()), "admin-key-stream-cut", Clock.systemUTC())
      .closing(openai, anthropic);
  private final KeyedHttp http = gateway.http();

  private static String openAiText(String text) {
    return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}";
  }

  private static String anthropicText(String text) {
    return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}";
  }

  /** {@code count} text events after {@code first}, each one word. */
  private static List<String> words(String first, int count, java.util.function.Function<String, String> event) {
    List<String> events = new ArrayList<>(List.of(first));
    for (int i = 0; i < count; i++) events.add(event.apply(" w"));
    return events;
  }

  private HttpResponse<String> stream(String model) {
    return http.post("/v1/chat/completions", null, "{\"model\":\"" + model + "\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"go on\"}]}");
  }

  /** The stream began, ran past its first-token limit and was cut at the deadline; trace and metrics agree. */
  private void assertCutAtTheDeadline(HttpResponse<String> response, String model) {
    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.hasDone()).isFalse();
    assertThat(events.text()).startsWith("one w w"); // read on past the first-token limit
    JsonNode error = events.json().getLast().path("error");
    assertThat(error.path("code").asText()).isEqualTo("upstream_timeout");
    assertThat(error.path("message").asText()).isEqualTo(CUT);
    JsonNode trace = gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("error_code").asText()).isEqualTo("upstream_timeout");
    assertThat(trace.path("error_message").asText()).isEqualTo(CUT);
    assertThat(http.get("/metrics", null).body().split("\n")).contains(
        "apprentice_stream_failures_total{api=\"chat_completions\",model=\"" + model + "\",reason=\"upstream_timeout\"} 1.0");
  }

  @Test
  void anOpenAiStreamSilentAtItsDeadlineIsCutThereWithATimeoutEvent() {
    openai.ssePaced(Duration.ofMillis(800), words(openAiText("one"), 10, StreamsCutAtTheDeadlineThroughServerTest::openAiText));

    assertCutAtTheDeadline(stream("gpt"), "gpt");
  }

  @Test
  void anOpenAiStreamStillSendingAtItsDeadlineIsCutThereWithATimeoutEvent() {
    openai.ssePaced(Duration.ofMillis(5), words(openAiText("one"), 2000, StreamsCutAtTheDeadlineThroughServerTest::openAiText));

    assertCutAtTheDeadline(stream("gpt"), "gpt");
  }

  @Test
  void anAnthropicStreamStillSendingAtItsDeadlineIsCutThereWithATimeoutEvent() {
    anthropic.ssePaced(Duration.ofMillis(5), words(ANTHROPIC_START + "\n\n" + anthropicText("one"), 2000,
        StreamsCutAtTheDeadlineThroughServerTest::anthropicText));

    assertCutAtTheDeadline(stream("sonnet"), "sonnet");
  }
}
