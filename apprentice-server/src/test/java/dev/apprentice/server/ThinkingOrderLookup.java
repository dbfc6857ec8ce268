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
import java.util.List;

/**
 * The tool loop the thinking round-trip tests script: a user asks where the order of {@link #EMAIL} is; Claude, seeing
 * the placeholder the input guard put there, thinks {@link #THOUGHT} in a signed block and calls {@code find_order}
 * with the placeholder; after the tool's answer, it says where the order ships to.
 */
final class ThinkingOrderLookup {

  static final String EMAIL = "jane.doe@example.com";
  static final String SIGNATURE = "ErUBCkYIBRgCIkB0qzKv8w3rZ5nL2Xq1JmQbT7yHcV9dF4sGpR6a";
  static final String THOUGHT = "Look up the order of <EMAIL_1> first.";
  /** The user's question, as a chat message. */
  static final String QUESTION = "{\"role\":\"user\",\"content\":\"Where is the order of " + EMAIL + "?\"}";
  /** The {@code find_order} tool's parameters. */
  static final String PARAMETERS = "{\"type\":\"object\",\"properties\":{\"customer\":{\"type\":\"string\"}}}";

  private static final String MODEL = "claude-sonnet-4-5-20250929";
  private static final String TOOL_USE = "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"find_order\","
      + "\"input\":{\"customer\":\"<EMAIL_1>\"}}";

  private ThinkingOrderLookup() {}

  /** Claude's first answer, not streamed: the signed thinking block, then the tool call. */
  static String thinkingThenToolCall() {
    return message("msg_01", MODEL, signedBlock() + "," + TOOL_USE, "tool_use");
  }

  /** Claude's first answer streamed, the thought cut inside its placeholder. */
  static List<String> streamedThinkingThenToolCall() {
    return List.of(
        messageStart("msg_02", MODEL),
        blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}"),
        blockDelta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"Look up the order of <EMA\"}"),
        blockDelta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"IL_1> first.\"}"),
        blockDelta(0, "{\"type\":\"signature_delta\",\"signature\":\"" + SIGNATURE + "\"}"),
        blockStop(0),
        blockStart(1, TOOL_USE.replace("{\"customer\":\"<EMAIL_1>\"}", "{}")),
        blockDelta(1, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"customer\\\": \\\"<EMAIL_1>\\\"}\"}"),
        blockStop(1),
        messageDelta("tool_use", 21),
        messageStop());
  }

  /** Claude's answer once the tool has answered, the address as its placeholder. */
  static String answerAfterTheTool() {
    return message("msg_03", MODEL, "{\"type\":\"text\",\"text\":\"It ships tomorrow to <EMAIL_1>.\"}", "end_turn");
  }

  /**
   * Checks what reached Claude on the turn after the tool: the question and the tool call with the placeholder, never
   * the address, and the assistant turn starting with the thinking block exactly as Claude signed it.
   */
  static void assertTheTurnAfterTheToolCarriesTheSignedBlock(String sentToClaude) {
    JsonNode messages = RawHttp.json(sentToClaude).path("messages");
    assertThat(sentToClaude).doesNotContain(EMAIL);
    assertThat(messages.at("/0/content/0/text").asText()).isEqualTo("Where is the order of <EMAIL_1>?");
    assertThat(messages.at("/1/content/0")).isEqualTo(signedBlock());
    assertThat(messages.at("/1/content/1/type").asText()).isEqualTo("tool_use");
    assertThat(messages.at("/1/content/1/input/customer").asText()).isEqualTo("<EMAIL_1>");
  }

  /** The thinking block as Claude signed it, placeholder and all. */
  static JsonNode signedBlock() {
    return RawHttp.json("{\"type\":\"thinking\",\"thinking\":\"" + THOUGHT + "\",\"signature\":\"" + SIGNATURE + "\"}");
  }
}
