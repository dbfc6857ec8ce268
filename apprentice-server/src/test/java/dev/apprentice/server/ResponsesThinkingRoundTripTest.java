package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Claude thinks about a redacted value through {@code /v1/responses}, and the client keeps the conversation by sending
 * the Response's output back as its next input: the reasoning item shows the value, while its encrypted_content brings
 * the signed thinking block back to Anthropic exactly as Claude wrote it, placeholder and all, before the tool_use.
 */
class ResponsesThinkingRoundTripTest {

  private static final String EMAIL = "jane.doe@example.com";
  private static final String SIGNATURE = "ErUBCkYIBRgCIkB0qzKv8w3rZ5nL2Xq1JmQbT7yHcV9dF4sGpR6a";
  private static final String THOUGHT = "Look up the order of <EMAIL_1> first.";
  private static final String SETTINGS = "\"model\":\"smart\",\"max_output_tokens\":4000,"
      + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000},\"include\":[\"reasoning.encrypted_content\"],"
      + "\"tools\":[{\"type\":\"function\",\"name\":\"find_order\","
      + "\"parameters\":{\"type\":\"object\",\"properties\":{\"customer\":{\"type\":\"string\"}}}}]";
  private static final String QUESTION = "{\"role\":\"user\",\"content\":\"Where is the order of " + EMAIL + "?\"}";
  private static final String TOOL_USE = "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"find_order\","
      + "\"input\":{\"customer\":\"<EMAIL_1>\"}}";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.claude(upstream.rootUrl(), true).closing(upstream);
  private final RawHttp http = new RawHttp(gateway.server());

  @Test
  void aNonStreamedReasoningItemSentBackReachesAnthropicAsTheSignedBlock() {
    upstream.json(200, """
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"thinking","thinking":"%s","signature":"%s"},%s],
         "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":12}}"""
        .formatted(THOUGHT, SIGNATURE, TOOL_USE));

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
    upstream.json(200, """
        {"id":"msg_03","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"text","text":"It ships tomorrow to <EMAIL_1>."}],
         "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":60,"output_tokens":8}}""");
    String callId = output.get(1).path("call_id").asText();

    HttpResponse<String> response = http.post("/v1/responses", "{" + SETTINGS + ",\"input\":[" + QUESTION + ","
        + output.get(0) + "," + output.get(1) + ",{\"type\":\"function_call_output\",\"call_id\":\"" + callId
        + "\",\"output\":\"order 4471, ships tomorrow\"}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(RawHttp.json(response.body()).at("/output/0/content/0/text").asText())
        .isEqualTo("It ships tomorrow to " + EMAIL + ".");
    String sent = upstream.takeRequest().body();
    JsonNode messages = RawHttp.json(sent).path("messages");
    assertThat(sent).doesNotContain(EMAIL);
    assertThat(messages.at("/0/content/0/text").asText()).isEqualTo("Where is the order of <EMAIL_1>?");
    assertThat(messages.at("/1/content/0")).isEqualTo(signedBlock());
    assertThat(messages.at("/1/content/1/type").asText()).isEqualTo("tool_use");
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
