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
 * A {@code json_schema} answer from Anthropic, which the translation asks for as a forced tool, through a gateway whose
 * output guard blocks answers that do not match the schema: the guard judges the tool's input, which the client gets
 * as the content.
 */
class AnthropicJsonAnswerThroughGatewayTest {

  private static final String PERSON = "{\"name\":\"Ada\",\"born\":1815}";
  private static final String REQUEST = "{\"model\":\"smart\",%s\"messages\":[{\"role\":\"user\","
      + "\"content\":\"Ada Lovelace was born in 1815.\"}],\"response_format\":{\"type\":\"json_schema\","
      + "\"json_schema\":{\"name\":\"person\",\"schema\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":"
      + "\"string\"},\"born\":{\"type\":\"integer\"}},\"required\":[\"name\",\"born\"]}}}}";

  private final FakeUpstream upstream = new FakeUpstream();
  private ApprenticeServer server;
  private RawHttp http;

  @BeforeEach
  void start() {
    server = Gateways.start("""
        providers:
          claude: { type: anthropic, base_url: "%s", api_key: sk-ant-test, max_tokens_default: 1024 }
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
  void aConformingToolInputPassesTheSchemaGuardAndReachesTheClientAsContent() {
    upstream.json(200, message(PERSON));

    HttpResponse<String> response = http.post("/v1/chat/completions", REQUEST.formatted(""));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode choice = RawHttp.json(response.body()).at("/choices/0");
    assertThat(RawHttp.json(choice.at("/message/content").asText())).isEqualTo(RawHttp.json(PERSON));
    assertThat(choice.at("/message/tool_calls").isMissingNode() || choice.at("/message/tool_calls").isNull()).isTrue();
    assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    assertThat(RawHttp.json(upstream.takeRequest().body()).at("/tool_choice/name").asText()).isEqualTo("person");
  }

  @Test
  void aToolInputMissingARequiredPropertyIsBlockedByTheSchemaGuard() {
    upstream.json(200, message("{\"name\":\"Ada\"}"));

    HttpResponse<String> response = http.post("/v1/chat/completions", REQUEST.formatted(""));

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(RawHttp.json(response.body()).at("/error/code").asText()).isEqualTo("content_blocked");
    assertThat(response.body()).contains("born");
  }

  @Test
  void aStreamedToolInputPassesTheSchemaGuardAndArrivesAsContentDeltas() {
    upstream.sse(List.of(
        event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_02\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,"
            + "\"usage\":{\"input_tokens\":30,\"output_tokens\":1}}}"),
        event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"person\",\"input\":{}}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"name\\\": \\\"Ada\\\", \"}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"born\\\": 1815}\"}}"),
        event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
        event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":12}}"),
        event("message_stop", "{\"type\":\"message_stop\"}")));

    HttpResponse<String> response = http.post("/v1/chat/completions", REQUEST.formatted("\"stream\":true,"));

    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(RawHttp.json(events.text())).isEqualTo(RawHttp.json(PERSON));
    assertThat(events.toolCallDeltas()).isEmpty();
    assertThat(events.finishReasons()).containsExactly("stop");
    assertThat(events.endsWithDone()).as("the guard passed the answer").isTrue();
  }

  private static String message(String input) {
    return """
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
         "content":[{"type":"tool_use","id":"toolu_01","name":"person","input":%s}],
         "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":12}}"""
        .formatted(input);
  }

  private static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data;
  }
}
