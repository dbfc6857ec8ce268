package dev.apprentice.server;

import static dev.apprentice.server.ClaudeWire.blockDelta;
import static dev.apprentice.server.ClaudeWire.blockStart;
import static dev.apprentice.server.ClaudeWire.blockStop;
import static dev.apprentice.server.ClaudeWire.messageDelta;
import static dev.apprentice.server.ClaudeWire.messageStart;
import static dev.apprentice.server.ClaudeWire.messageStop;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
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
  @AutoClose
  private final RunningGateway gateway =
      Gateways.claudeCheckingJsonSchema(upstream.rootUrl(), "max_tokens_default: 1024").closing(upstream);
  private final RawHttp http = new RawHttp(gateway.server());

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
        messageStart("msg_02", "claude-sonnet-4-5"),
        blockStart(0, "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"person\",\"input\":{}}"),
        blockDelta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"name\\\": \\\"Ada\\\", \"}"),
        blockDelta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"born\\\": 1815}\"}"),
        blockStop(0),
        messageDelta("tool_use", 12),
        messageStop()));

    HttpResponse<String> response = http.post("/v1/chat/completions", REQUEST.formatted("\"stream\":true,"));

    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(RawHttp.json(events.text())).isEqualTo(RawHttp.json(PERSON));
    assertThat(events.toolCallDeltas()).isEmpty();
    assertThat(events.finishReasons()).containsExactly("stop");
    assertThat(events.endsWithDone()).as("the guard passed the answer").isTrue();
  }

  private static String message(String input) {
    return ClaudeWire.message("msg_01", "claude-sonnet-4-5",
        "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"person\",\"input\":" + input + "}", "tool_use");
  }
}
