package dev.apprentice.server;

import static dev.apprentice.server.ClaudeWire.blockDelta;
import static dev.apprentice.server.ClaudeWire.blockStart;
import static dev.apprentice.server.ClaudeWire.blockStop;
import static dev.apprentice.server.ClaudeWire.message;
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
  @AutoClose
  private final RunningGateway gateway =
      Gateways.claudeCheckingJsonSchema(upstream.rootUrl(), "structured_output: native").closing(upstream);
  private final RawHttp http = new RawHttp(gateway.server());

  @Test
  void theSchemaIsTheOutputFormatAndTheConformingTextReachesTheClientAsWritten() {
    upstream.json(200, message("msg_01", "claude-sonnet-4-5", "{\"type\":\"text\",\"text\":" + quoted(PERSON) + "}",
        "end_turn"));

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
        messageStart("msg_02", "claude-sonnet-4-5"),
        blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"),
        blockDelta(0, "{\"type\":\"text_delta\",\"text\":\"{\\\"name\\\": \\\"Ada\\\", \"}"),
        blockDelta(0, "{\"type\":\"text_delta\",\"text\":\"\\\"born\\\": 1815}\"}"),
        blockStop(0),
        messageDelta("end_turn", 12),
        messageStop()));

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
}
