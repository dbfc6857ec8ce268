package dev.apprentice.server;

import static dev.apprentice.server.ThinkingOrderLookup.EMAIL;
import static dev.apprentice.server.ThinkingOrderLookup.PARAMETERS;
import static dev.apprentice.server.ThinkingOrderLookup.QUESTION;
import static dev.apprentice.server.ThinkingOrderLookup.answerAfterTheTool;
import static dev.apprentice.server.ThinkingOrderLookup.assertTheTurnAfterTheToolCarriesTheSignedBlock;
import static dev.apprentice.server.ThinkingOrderLookup.signedBlock;
import static dev.apprentice.server.ThinkingOrderLookup.streamedThinkingThenToolCall;
import static dev.apprentice.server.ThinkingOrderLookup.thinkingThenToolCall;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Claude thinks about a redacted value, and the client sends that thinking back on the next turn of a tool loop: the
 * client reads the value in {@code reasoning_content}, while the signed thinking block goes back to Anthropic exactly
 * as Claude wrote it, placeholder and all, beside the same placeholder for the same value in the question.
 */
class GuardedThinkingRoundTripTest {

  private static final String SETTINGS = "\"max_tokens\":4000,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000},"
      + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"find_order\","
      + "\"parameters\":" + PARAMETERS + "}}]";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.claude(upstream.rootUrl(), true).closing(upstream);
  private final RawHttp http = new RawHttp(gateway.server());

  @Test
  void aNonStreamedThinkingBlockGoesBackExactlyAsTheUpstreamWroteIt() {
    upstream.json(200, thinkingThenToolCall());

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
    upstream.sse(streamedThinkingThenToolCall());

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
    upstream.json(200, answerAfterTheTool());

    HttpResponse<String> response = http.post("/v1/chat/completions", "{\"model\":\"smart\"," + SETTINGS
        + ",\"messages\":[" + QUESTION + "," + assistant
        + ",{\"role\":\"tool\",\"tool_call_id\":\"toolu_01\",\"content\":\"order 4471, ships tomorrow\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(RawHttp.json(response.body()).at("/choices/0/message/content").asText())
        .isEqualTo("It ships tomorrow to " + EMAIL + ".");
    assertTheTurnAfterTheToolCarriesTheSignedBlock(upstream.takeRequest().body());
  }
}
