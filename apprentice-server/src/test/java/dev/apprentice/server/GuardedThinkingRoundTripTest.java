package dev.apprentice.server;

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
 * Claude thinks about a redacted value, and the client sends that thinking back on the next turn of a tool loop: the
 * client reads the value in {@code reasoning_content}, while the signed thinking block goes back to Anthropic exactly
 * as Claude wrote it, placeholder and all, beside the same placeholder for the same value in the question.
 */
class GuardedThinkingRoundTripTest {

  private static final String EMAIL = "jane.doe@example.com";
  private static final String SIGNATURE = "ErUBCkYIBRgCIkB0qzKv8w3rZ5nL2Xq1JmQbT7yHcV9dF4sGpR6a";
  private static final String THOUGHT = "Look up the order of <EMAIL_1> first.";
  private static final String SETTINGS = "\"max_tokens\":4000,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000},"
      + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"find_order\","
      + "\"parameters\":{\"type\":\"object\",\"properties\":{\"customer\":{\"type\":\"string\"}}}}}]";
  private static final String QUESTION = "{\"role\":\"user\",\"content\":\"Where is the order of " + EMAIL + "?\"}";
  private static final String TOOL_USE = "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"find_order\","
      + "\"input\":{\"customer\":\"<EMAIL_1>\"}}";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.claude(upstream.rootUrl(), true).closing(upstream);
  private final RawHttp http = new RawHttp(gateway.server());

  @Test
  void aNonStreamedThinkingBlockGoesBackExactlyAsTheUpstreamWroteIt() {
    upstream.json(200, """
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"thinking","thinking":"%s","signature":"%s"},%s],
         "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":12}}"""
        .formatted(THOUGHT, SIGNATURE, TOOL_USE));

    HttpResponse<String> response = http.post("/v1/chat/completions",
        "{\"model\":\"smart\"," + SETTINGS + ",\"messages\":[" + QUESTION + "]}");

    assertThat(response.statusCode()).isEqualTo(200);
    ObjectNode message = (ObjectNode) RawHttp.json(response.body()).at("/choices/0/message");
    assertThat(message.path("reasoning_content").asText()).isEqualTo("Look up the order of " + EMAIL + " first.");
    assertThat(message.path("thinking_blocks")).containsExactly(signedBlock());
    assertThat(message.at("/tool_calls/0/function/arguments").asText()).contains(EMAIL);
    assertThat(upstream.takeRequest().body()).doesNotContain(EMAIL).contains("<EMAIL_1>");

    assertTheNextTurnSendsTheBlockAsSigned(message);
  }

  @Test
  void aStreamedThinkingBlockGoesBackExactlyAsTheUpstreamWroteIt() {
    upstream.sse(List.of(
        event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_02\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"stop_reason\":null,"
            + "\"usage\":{\"input_tokens\":30,\"output_tokens\":1}}}"),
        event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}"),
        thinkingDelta("Look up the order of <EMA"),
        thinkingDelta("IL_1> first."),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"signature_delta\",\"signature\":\"" + SIGNATURE + "\"}}"),
        event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
        event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
            + TOOL_USE.replace("{\"customer\":\"<EMAIL_1>\"}", "{}") + "}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
            + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"customer\\\": \\\"<EMAIL_1>\\\"}\"}}"),
        event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"),
        event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":21}}"),
        event("message_stop", "{\"type\":\"message_stop\"}")));

    HttpResponse<String> response = http.post("/v1/chat/completions",
        "{\"model\":\"smart\",\"stream\":true," + SETTINGS + ",\"messages\":[" + QUESTION + "]}");

    assertThat(response.statusCode()).isEqualTo(200);
    StringBuilder reasoning = new StringBuilder();
    StringBuilder arguments = new StringBuilder();
    ObjectNode message = RawHttp.json("{\"role\":\"assistant\",\"content\":null}").deepCopy();
    ArrayNode blocks = message.putArray("thinking_blocks");
    for (JsonNode chunk : SseEvents.parse(response.body()).chunks()) {
      JsonNode delta = chunk.at("/choices/0/delta");
      reasoning.append(delta.path("reasoning_content").asText(""));
      delta.path("thinking_blocks").forEach(blocks::add);
      arguments.append(delta.at("/tool_calls/0/function/arguments").asText(""));
    }
    assertThat(reasoning).hasToString("Look up the order of " + EMAIL + " first.");
    assertThat(blocks).containsExactly(signedBlock());
    message.put("reasoning_content", reasoning.toString());
    message.putArray("tool_calls").addObject().put("id", "toolu_01").put("type", "function").putObject("function")
        .put("name", "find_order").put("arguments", arguments.toString());
    assertThat(upstream.takeRequest().body()).doesNotContain(EMAIL);

    assertTheNextTurnSendsTheBlockAsSigned(message);
  }

  private void assertTheNextTurnSendsTheBlockAsSigned(JsonNode assistant) {
    upstream.json(200, """
        {"id":"msg_03","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"text","text":"It ships tomorrow to <EMAIL_1>."}],
         "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":60,"output_tokens":8}}""");

    HttpResponse<String> response = http.post("/v1/chat/completions", "{\"model\":\"smart\"," + SETTINGS
        + ",\"messages\":[" + QUESTION + "," + assistant
        + ",{\"role\":\"tool\",\"tool_call_id\":\"toolu_01\",\"content\":\"order 4471, ships tomorrow\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(RawHttp.json(response.body()).at("/choices/0/message/content").asText())
        .isEqualTo("It ships tomorrow to " + EMAIL + ".");
    String sent = upstream.takeRequest().body();
    JsonNode messages = RawHttp.json(sent).path("messages");
    assertThat(sent).doesNotContain(EMAIL);
    assertThat(messages.at("/0/content/0/text").asText()).isEqualTo("Where is the order of <EMAIL_1>?");
    assertThat(messages.at("/1/content/0")).isEqualTo(signedBlock());
    assertThat(messages.at("/1/content/1/input/customer").asText()).isEqualTo("<EMAIL_1>");
  }

  private static JsonNode signedBlock() {
    return RawHttp.json("{\"type\":\"thinking\",\"thinking\":\"" + THOUGHT + "\",\"signature\":\"" + SIGNATURE + "\"}");
  }

  private static String thinkingDelta(String text) {
    return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"" + text + "\"}}");
  }

  private static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data;
  }
}
