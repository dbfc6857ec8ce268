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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A tool loop with Anthropic's extended thinking, through a gateway whose guard redacts the prompt (so that answers
 * are rewritten on the way back): the client gets the signed thinking blocks, sends them back with the tool's result,
 * and Anthropic sees the assistant turn start with them, as it requires.
 */
class AnthropicThinkingThroughGatewayTest {

  private static final String EMAIL = "jane.doe@example.com";
  private static final String MODEL = "claude-sonnet-4-5-20250929";
  private static final String SIGNATURE = "ErUBCkYIBRgCIkB0qzKv8w3rZ5nL2Xq1JmQbT7yHcV9dF4sGpR6a";
  private static final String THINKING = "The user wants the weather in Paris.";
  private static final String TOOLS = """
      "tools":[{"type":"function","function":{"name":"get_weather",
        "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]""";
  private static final String SETTINGS = "\"max_tokens\":4000,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000},"
      + TOOLS;
  private static final String QUESTION = "{\"role\":\"user\",\"content\":\"Weather in Paris? Then mail " + EMAIL + "\"}";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.claude(upstream.rootUrl(), true).closing(upstream);
  private final RawHttp http = new RawHttp(gateway.server());

  @Test
  void aNonStreamedAnswersThinkingBlocksReachTheClientAndGoBackFirstInTheNextTurn() {
    upstream.json(200, message("msg_01", MODEL, thinkingBlock() + ",{\"type\":\"tool_use\",\"id\":\"toolu_01\","
        + "\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}", "tool_use"));

    HttpResponse<String> response = http.post("/v1/chat/completions",
        "{\"model\":\"smart\"," + SETTINGS + ",\"messages\":[" + QUESTION + "]}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode message = RawHttp.json(response.body()).at("/choices/0/message");
    assertThat(message.path("reasoning_content").asText()).isEqualTo(THINKING);
    assertThat(message.path("thinking_blocks")).containsExactly(thinkingBlock());
    assertThat(RawHttp.json(upstream.takeRequest().body()).toString()).doesNotContain(EMAIL);

    assertTheNextTurnStartsWithTheThinkingBlock(message);
  }

  @Test
  void aStreamedAnswersThinkingReachesTheClientInDeltasAndGoesBackFirstInTheNextTurn() {
    upstream.sse(List.of(
        messageStart("msg_02", MODEL),
        blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}"),
        blockDelta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"The user wants \"}"),
        blockDelta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"the weather in Paris.\"}"),
        blockDelta(0, "{\"type\":\"signature_delta\",\"signature\":\"" + SIGNATURE + "\"}"),
        blockStop(0),
        blockStart(1, "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\",\"input\":{}}"),
        blockDelta(1, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \\\"Paris\\\"}\"}"),
        blockStop(1),
        messageDelta("tool_use", 21),
        messageStop()));

    HttpResponse<String> response = http.post("/v1/chat/completions",
        "{\"model\":\"smart\",\"stream\":true," + SETTINGS + ",\"messages\":[" + QUESTION + "]}");

    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.endsWithDone()).isTrue();
    StringBuilder reasoning = new StringBuilder();
    ObjectNode message = RawHttp.json("{\"role\":\"assistant\",\"content\":null}").deepCopy();
    ArrayNode blocks = message.putArray("thinking_blocks");
    for (JsonNode chunk : events.chunks()) {
      JsonNode delta = chunk.at("/choices/0/delta");
      reasoning.append(delta.path("reasoning_content").asText(""));
      delta.path("thinking_blocks").forEach(blocks::add);
    }
    assertThat(events.text()).as("thinking is not content").isEmpty();
    assertThat(reasoning).hasToString(THINKING);
    assertThat(blocks).containsExactly(thinkingBlock());
    assertThat(events.toolCallDeltas()).allSatisfy(c -> assertThat(c.path("index").asInt()).isZero());
    message.putArray("tool_calls").addObject().put("id", "toolu_01").put("type", "function").putObject("function")
        .put("name", "get_weather").put("arguments", "{\"city\": \"Paris\"}");
    upstream.takeRequest();

    assertTheNextTurnStartsWithTheThinkingBlock(message);
  }

  private void assertTheNextTurnStartsWithTheThinkingBlock(JsonNode assistant) {
    upstream.json(200, message("msg_03", MODEL, "{\"type\":\"text\",\"text\":\"18°C and cloudy.\"}", "end_turn"));

    HttpResponse<String> response = http.post("/v1/chat/completions", "{\"model\":\"smart\"," + SETTINGS
        + ",\"messages\":[" + QUESTION + "," + assistant
        + ",{\"role\":\"tool\",\"tool_call_id\":\"toolu_01\",\"content\":\"18°C, cloudy\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode turn = RawHttp.json(upstream.takeRequest().body()).at("/messages/1");
    assertThat(turn.path("role").asText()).isEqualTo("assistant");
    assertThat(turn.path("content")).hasSize(2);
    assertThat(turn.at("/content/0")).isEqualTo(thinkingBlock());
    assertThat(turn.at("/content/1/type").asText()).isEqualTo("tool_use");
  }

  private static JsonNode thinkingBlock() {
    return RawHttp.json("{\"type\":\"thinking\",\"thinking\":\"" + THINKING + "\",\"signature\":\"" + SIGNATURE + "\"}");
  }
}
