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
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Claude thinks about a redacted value through {@code /v1/responses}, and the client keeps the conversation by sending
 * the Response's output back as its next input: the reasoning item shows the value, while its encrypted_content brings
 * the signed thinking block back to Anthropic exactly as Claude wrote it, placeholder and all, before the tool_use.
 */
class ResponsesThinkingRoundTripTest {

  private static final String SETTINGS = "\"model\":\"smart\",\"max_output_tokens\":4000,"
      + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000},\"include\":[\"reasoning.encrypted_content\"],"
      + "\"tools\":[{\"type\":\"function\",\"name\":\"find_order\","
      + "\"parameters\":" + PARAMETERS + "}]";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.claude(upstream.rootUrl(), true).closing(upstream);
  private final RawHttp http = new RawHttp(gateway.server());

  @Test
  void aNonStreamedReasoningItemSentBackReachesAnthropicAsTheSignedBlock() {
    upstream.json(200, thinkingThenToolCall());

    HttpResponse<String> response = http.post("/v1/responses", "{" + SETTINGS + ",\"input\":[" + QUESTION + "]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    ArrayNode output = (ArrayNode) RawHttp.json(response.body()).path("output");
    assertThat(output).extracting(item -> item.path("type").asText()).containsExactly("reasoning", "function_call");
    assertThatTheReasoningShowsTheValueAndCarriesTheSignedBlock(output.get(0));
    assertThat(upstream.takeRequest().body()).doesNotContain(EMAIL);

    assertTheNextTurnSendsTheBlockAsSigned(output);
  }

  @Test
  void aStreamedReasoningItemSentBackReachesAnthropicAsTheSignedBlock() {
    upstream.sse(streamedThinkingThenToolCall());

    HttpResponse<String> response = http.post("/v1/responses",
        "{" + SETTINGS + ",\"stream\":true,\"input\":[" + QUESTION + "]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    ResponseEvents events = ResponseEvents.parse(response.body());
    assertThat(events.deltas("response.reasoning_text.delta")).isEqualTo("Look up the order of " + EMAIL + " first.");
    assertThat(events.types()).containsSubsequence("response.output_item.added", "response.reasoning_text.delta",
        "response.reasoning_text.done", "response.output_item.done", "response.output_item.added",
        "response.function_call_arguments.delta", "response.completed");
    ArrayNode output = (ArrayNode) events.only("response.completed").at("/response/output");
    assertThat(output).extracting(item -> item.path("type").asText()).containsExactly("reasoning", "function_call");
    assertThat(events.all("response.output_item.done").getFirst().path("item")).isEqualTo(output.get(0));
    assertThatTheReasoningShowsTheValueAndCarriesTheSignedBlock(output.get(0));
    assertThat(upstream.takeRequest().body()).doesNotContain(EMAIL);

    assertTheNextTurnSendsTheBlockAsSigned(output);
  }

  private static void assertThatTheReasoningShowsTheValueAndCarriesTheSignedBlock(JsonNode reasoning) {
    assertThat(reasoning.path("id").asText()).startsWith("rs_");
    assertThat(reasoning.path("summary")).isEmpty();
    assertThat(reasoning.at("/content/0/type").asText()).isEqualTo("reasoning_text");
    assertThat(reasoning.at("/content/0/text").asText()).isEqualTo("Look up the order of " + EMAIL + " first.");
    JsonNode carried = RawHttp.json(new String(Base64.getUrlDecoder().decode(reasoning.path("encrypted_content")
        .asText())));
    assertThat(carried.path("thinking_blocks")).containsExactly(signedBlock());
  }

  /** The Response's output sent back as input, with the tool's answer: the turn starts with the signed block. */
  private void assertTheNextTurnSendsTheBlockAsSigned(ArrayNode output) {
    upstream.json(200, answerAfterTheTool());
    String callId = output.get(1).path("call_id").asText();

    HttpResponse<String> response = http.post("/v1/responses", "{" + SETTINGS + ",\"input\":[" + QUESTION + ","
        + output.get(0) + "," + output.get(1) + ",{\"type\":\"function_call_output\",\"call_id\":\"" + callId
        + "\",\"output\":\"order 4471, ships tomorrow\"}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(RawHttp.json(response.body()).at("/output/0/content/0/text").asText())
        .isEqualTo("It ships tomorrow to " + EMAIL + ".");
    assertTheTurnAfterTheToolCarriesTheSignedBlock(upstream.takeRequest().body());
  }
}
