package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A tool call an OpenAI-compatible upstream answered without an id reaches a chat completions client with a
 * {@code call_…} it can answer the call by, and the call's trace (what datasets are made from) holds the same id.
 */
class ToolCallIdToClientTest {

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s" }
      models:
        gpt: { targets: [ { provider: up, model: m } ], retries: 0 }
      """.formatted(upstream.baseUrl())).closing(upstream);

  private HttpResponse<String> chat(boolean stream) {
    return gateway.http().post("/v1/chat/completions", null,
        "{\"model\":\"gpt\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}]}");
  }

  private JsonNode tracedCall(HttpResponse<String> response) {
    JsonNode trace = gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    return trace.at("/response/choices/0/message/tool_calls/0");
  }

  @Test
  void aCallAnsweredWithoutAnIdGetsOneAndItsTraceHoldsTheSame() {
    upstream.json(200, """
        {"id":"chatcmpl-2","object":"chat.completion","created":1700000000,"model":"m",
         "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
           {"type":"function","function":{"name":"get_weather","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}""");

    HttpResponse<String> response = chat(false);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String id = RawHttp.json(response.body()).at("/choices/0/message/tool_calls/0/id").asText();
    assertThat(id).startsWith("call_").hasSizeGreaterThan(20);
    assertThat(tracedCall(response).path("id").asText()).isEqualTo(id);
  }

  @Test
  void aStreamedCallWithABlankIdGetsOneOnItsFirstFragmentAndItsTraceHoldsTheSame() {
    upstream.sse(List.of(
        fragment("{\"index\":0,\"id\":\"\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"arguments\":\"{\\\"city\\\":\"}}"),
        fragment("{\"index\":0,\"id\":\"\",\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}"),
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
        "data: [DONE]"));

    HttpResponse<String> response = chat(true);

    List<JsonNode> calls = SseEvents.parse(response.body()).toolCallDeltas();
    assertThat(calls).hasSize(2);
    String id = calls.get(0).path("id").asText();
    assertThat(id).startsWith("call_").hasSizeGreaterThan(20);
    assertThat(calls.get(1).has("id")).as("a later blank id would make SDKs lose the first").isFalse();
    JsonNode traced = tracedCall(response);
    assertThat(traced.path("id").asText()).isEqualTo(id);
    assertThat(traced.at("/function/arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
  }

  private static String fragment(String toolCall) {
    return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[" + toolCall + "]}}]}";
  }
}
