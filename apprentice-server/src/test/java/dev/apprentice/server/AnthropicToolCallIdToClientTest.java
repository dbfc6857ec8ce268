package dev.apprentice.server;

import static dev.apprentice.server.ClaudeWire.blockDelta;
import static dev.apprentice.server.ClaudeWire.blockStart;
import static dev.apprentice.server.ClaudeWire.blockStop;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A {@code tool_use} an Anthropic-compatible upstream answered without an id reaches a chat completions client with a
 * {@code call_…} of the gateway's, one per parallel call, and the call's trace holds the same ids: what the gateway
 * does for an OpenAI-compatible upstream ({@link ToolCallIdToClientTest}), whichever provider read the answer.
 */
class AnthropicToolCallIdToClientTest {

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.claude(upstream.rootUrl(), false).closing(upstream);

  private HttpResponse<String> chat(boolean stream) {
    HttpResponse<String> response = gateway.http().post("/v1/chat/completions", null,
        "{\"model\":\"smart\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response;
  }

  private JsonNode tracedCalls(HttpResponse<String> response) {
    JsonNode trace = gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    return trace.at("/response/choices/0/message/tool_calls");
  }

  @Test
  void parallelToolUsesAnsweredWithoutIdsGetOneEachAndTheTraceHoldsTheSame() {
    upstream.json(200, ClaudeWire.message("msg_01", "claude-sonnet-4-5-20250929", """
        {"type":"tool_use","name":"get_weather","input":{"city":"Paris"}},
        {"type":"tool_use","id":"","name":"get_time","input":{}}""", "tool_use"));

    HttpResponse<String> response = chat(false);

    JsonNode calls = RawHttp.json(response.body()).at("/choices/0/message/tool_calls");
    String weather = calls.path(0).path("id").asText();
    String time = calls.path(1).path("id").asText();
    assertThat(weather).startsWith("call_").hasSizeGreaterThan(20);
    assertThat(time).startsWith("call_").hasSizeGreaterThan(20).isNotEqualTo(weather);
    assertThat(tracedCalls(response).path(0).path("id").asText()).isEqualTo(weather);
    assertThat(tracedCalls(response).path(1).path("id").asText()).isEqualTo(time);
  }

  @Test
  void streamedToolUsesWithoutIdsGetOneEachOnTheirFirstFragmentAndTheTraceHoldsTheSame() {
    upstream.sse(List.of(
        ClaudeWire.messageStart("msg_02", "claude-sonnet-4-5-20250929"),
        blockStart(0, "{\"type\":\"tool_use\",\"name\":\"get_weather\",\"input\":{}}"),
        blockDelta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \"}"),
        blockDelta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}"),
        blockStop(0),
        blockStart(1, "{\"type\":\"tool_use\",\"id\":\"\",\"name\":\"get_time\",\"input\":{}}"),
        blockDelta(1, "{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}"),
        blockStop(1),
        ClaudeWire.messageDelta("tool_use", 21),
        ClaudeWire.messageStop()));

    HttpResponse<String> response = chat(true);

    List<JsonNode> fragments = SseEvents.parse(response.body()).toolCallDeltas();
    List<String> ids = fragments.stream().filter(f -> f.has("id")).map(f -> f.path("id").asText()).toList();
    assertThat(ids).as("one id per call, on its first fragment").hasSize(2);
    assertThat(ids.get(0)).startsWith("call_").hasSizeGreaterThan(20);
    assertThat(ids.get(1)).startsWith("call_").hasSizeGreaterThan(20).isNotEqualTo(ids.get(0));
    JsonNode traced = tracedCalls(response);
    assertThat(traced.path(0).path("id").asText()).isEqualTo(ids.get(0));
    assertThat(traced.path(0).at("/function/arguments").asText()).isEqualTo("{\"city\": \"Paris\"}");
    assertThat(traced.path(1).path("id").asText()).isEqualTo(ids.get(1));
  }
}
