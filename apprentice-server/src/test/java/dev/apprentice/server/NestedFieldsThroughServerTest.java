package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Fields the gateway does not read, nested inside the ones it does, pass between the client and an OpenAI-type
 * upstream both ways, also where the gateway re-encodes what it read.
 */
class NestedFieldsThroughServerTest {

  /** Gemini's OpenAI-compatible API signs a tool call so: Gemini 3 refuses the next turn without it. */
  private static final String SIGNED_CALL = "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":"
      + "\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Rome\\\"}\"},"
      + "\"extra_content\":{\"google\":{\"thought_signature\":\"CiQBcsjafQ==\"}}}";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        gemini: { type: openai, base_url: "%s" }
      models:
        gem: { targets: [ { provider: gemini, model: gemini-3-pro } ], retries: 0 }
      """.formatted(upstream.baseUrl())).closing(upstream);
  private final RawHttp http = new RawHttp(gateway.server());

  @Test
  void aSignedToolCallInTheHistoryReachesTheUpstreamUnchanged() {
    upstream.json(200, UpstreamAnswers.completion("18°C"));

    http.post("/v1/chat/completions", """
        {"model":"gem","messages":[{"role":"user","content":"Weather in Rome?"},
         {"role":"assistant","content":null,"tool_calls":[%s]},
         {"role":"tool","tool_call_id":"call_1","content":"18°C"}]}""".formatted(SIGNED_CALL));

    JsonNode sent = RawHttp.json(upstream.takeRequest().body());
    assertThat(sent.at("/messages/1/tool_calls/0")).isEqualTo(RawHttp.json(SIGNED_CALL));
  }

  @Test
  void aSignedToolCallInAJsonAnswerReachesTheClientUnchanged() {
    upstream.json(200, """
        {"id":"c1","object":"chat.completion","created":1,"model":"gemini-3-pro",
         "choices":[{"index":0,"message":{"role":"assistant","tool_calls":[%s]},"finish_reason":"tool_calls"}]}"""
        .formatted(SIGNED_CALL));

    HttpResponse<String> response = http.post("/v1/chat/completions", """
        {"model":"gem","messages":[{"role":"user","content":"Weather in Rome?"}]}""");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(RawHttp.json(response.body()).at("/choices/0/message/tool_calls/0"))
        .isEqualTo(RawHttp.json(SIGNED_CALL));
  }

  @Test
  void aSignedToolCallInAStreamedChunkTheGatewayReEncodesReachesTheClientUnchanged() {
    String delta = SIGNED_CALL.replace("{\"id\"", "{\"index\":0,\"id\"");
    // sent over two data lines, which the gateway cannot forward as they are: it writes the chunk it read
    String split = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gemini-3-pro\",\n"
        + "data: \"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[" + delta + "]}}]}";
    String finish = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gemini-3-pro\","
        + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}";
    upstream.sse(List.of("data: " + split, "data: " + finish, "data: [DONE]"));

    String body = http.post("/v1/chat/completions", """
        {"model":"gem","stream":true,"messages":[{"role":"user","content":"Weather in Rome?"}]}""").body();

    JsonNode first = RawHttp.json(body.lines().filter(l -> l.startsWith("data: {")).findFirst().orElseThrow()
        .substring("data: ".length()));
    assertThat(first.at("/choices/0/delta/tool_calls/0")).isEqualTo(RawHttp.json(delta));
  }

  @Test
  void anExplicitNullInsideASchemaReachesTheUpstream() {
    upstream.json(200, UpstreamAnswers.completion("{}"));
    String responseFormat = """
        {"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object",
         "properties":{"unit":{"const":null,"default":null}}}}}""";

    http.post("/v1/chat/completions", """
        {"model":"gem","messages":[{"role":"user","content":"Weather?"}],"response_format":%s}"""
        .formatted(responseFormat));

    JsonNode sent = RawHttp.json(upstream.takeRequest().body());
    assertThat(sent.get("response_format")).isEqualTo(RawHttp.json(responseFormat));
    assertThat(sent.has("temperature")).isFalse();
  }

  @Test
  void anExplicitNullInsideAnAnswersFieldReachesTheClientWhileUnsetFieldsStayOut() {
    upstream.json(200, """
        {"id":"c1","object":"chat.completion","created":1,"model":"gemini-3-pro",
         "choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop",
          "content_filter_results":{"hate":{"filtered":false},"jailbreak":null}}]}""");

    HttpResponse<String> response = http.post("/v1/chat/completions", """
        {"model":"gem","messages":[{"role":"user","content":"Hi"}]}""");

    JsonNode choice = RawHttp.json(response.body()).at("/choices/0");
    assertThat(choice.at("/content_filter_results")).isEqualTo(RawHttp.json("""
        {"hate":{"filtered":false},"jailbreak":null}"""));
    assertThat(choice.has("logprobs")).isFalse();
    assertThat(choice.path("message").has("tool_calls")).isFalse();
  }
}
