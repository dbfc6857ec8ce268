package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code json_schema} answer from an Anthropic provider configured with {@code structured_output: native}: the
 * schema reaches Anthropic as {@code output_config.format}, and Claude's text, which the output guard judges against
 * the schema, reaches the client as the content, streamed or not.
 */
class AnthropicNativeJsonAnswerThroughGatewayTest {

  private static final String PERSON = "{\"name\": \"Ada\", \"born\": 1815}";
  private static final String REQUEST = "{\"model\":\"smart\",%s\"messages\":[{\"role\":\"user\","
      + "\"content\":\"Ada Lovelace was born in 1815.\"}],\"response_format\":{\"type\":\"json_schema\","
      + "\"json_schema\":{\"name\":\"person\",\"strict\":true,\"schema\":{\"type\":\"object\",\"properties\":"
      + "{\"name\":{\"type\":\"string\"},\"born\":{\"type\":\"integer\"}},\"required\":[\"name\",\"born\"],"
      + "\"additionalProperties\":false}}}}";

  private final FakeUpstream upstream = new FakeUpstream();
  private ApprenticeServer server;
  private RawHttp http;

  @BeforeEach
  void start() {
    server = Gateways.start("""
        providers:
          claude: { type: anthropic, base_url: "%s", api_key: sk-ant-test, structured_output: native }
        models:
          smart:
            targets: [ { provider: claude, model: claude-sonnet-4-5 } ]
            retries: 0
            guard: { output: { json_schema: block } }
        """.formatted(upstream.rootUrl()));
    http = new RawHttp(server);
  }

  @AfterEach
  void stop() {
    server.close();
    upstream.close();
  }

  @Test
  void theSchemaIsTheOutputFormatAndTheConformingTextReachesTheClientAsWritten() {
    upstream.json(200, """
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
         "content":[{"type":"text","text":%s}],
         "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":12}}"""
        .formatted(quoted(PERSON)));

    HttpResponse<String> response = http.post("/v1/chat/completions", REQUEST.formatted(""));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode choice = RawHttp.json(response.body()).at("/choices/0");
    assertThat(choice.at("/message/content").asText()).isEqualTo(PERSON);
    assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    JsonNode sent = RawHttp.json(upstream.takeRequest().body());
    assertThat(sent.at("/output_config/format/type").asText()).isEqualTo("json_schema");
    assertThat(sent.at("/output_config/format/schema/required/1").asText()).isEqualTo("born");
    assertThat(sent.has("tool_choice")).isFalse();
  }

  @Test
  void aStreamedTextAnswerPassesTheSchemaGuardAndArrivesAsContentDeltas() {
    upstream.sse(List.of(
        event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_02\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,"
            + "\"usage\":{\"input_tokens\":30,\"output_tokens\":1}}}"),
        event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
            + "{\"type\":\"text\",\"text\":\"\"}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"{\\\"name\\\": \\\"Ada\\\", \"}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"\\\"born\\\": 1815}\"}}"),
        event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
        event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":12}}"),
        event("message_stop", "{\"type\":\"message_stop\"}")));

    HttpResponse<String> response = http.post("/v1/chat/completions", REQUEST.formatted("\"stream\":true,"));

    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.text()).isEqualTo(PERSON);
    assertThat(events.finishReasons()).containsExactly("stop");
    assertThat(events.endsWithDone()).as("the guard passed the answer").isTrue();
    assertThat(RawHttp.json(upstream.takeRequest().body()).has("output_config")).isTrue();
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\"", "\\\"") + "\"";
  }

  private static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data;
  }
}
