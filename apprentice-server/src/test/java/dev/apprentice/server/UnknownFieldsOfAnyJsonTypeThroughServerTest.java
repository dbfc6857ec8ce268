package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A field the gateway does not read passes through whatever its JSON type, inside a message, a content part, a tool,
 * a tool call and {@code stream_options}, even when it is named {@code extra}: to an OpenAI-type upstream, into the
 * call's trace and into a registered prompt's version.
 */
class UnknownFieldsOfAnyJsonTypeThroughServerTest {

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        vendor: { type: openai, base_url: "%s" }
      models:
        chat: { targets: [ { provider: vendor, model: vendor-model } ], retries: 0 }
      """.formatted(upstream.baseUrl())).closing(upstream);
  private final RawHttp http = new RawHttp(gateway.server());

  private static String message(String value) {
    return """
        {"role":"user","content":[{"type":"text","text":"hi","extra":%1$s,"x_part":%1$s}],"extra":%1$s,\
        "x_vendor":%1$s}""".formatted(value);
  }

  private static String assistantCall(String value) {
    return """
        {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","extra":%1$s,\
        "function":{"name":"f","arguments":"{}","extra":%1$s}}]}""".formatted(value);
  }

  private static String tool(String value) {
    return """
        {"type":"function","extra":%1$s,"function":{"name":"f","parameters":{"type":"object"},"extra":%1$s}}"""
        .formatted(value);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"1", "\"x\"", "true", "[1]", "{\"a\":1}", "null"})
  void aChatRequestsUnknownFieldsReachTheUpstreamAndTheTraceAsSent(String value) {
    upstream.sse(List.of("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}", "data: [DONE]"));
    String messages = "[" + message(value) + "," + assistantCall(value)
        + ",{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"done\"}]";

    HttpResponse<String> response = http.post("/v1/chat/completions", """
        {"model":"chat","stream":true,"stream_options":{"include_usage":true,"extra":%1$s},"messages":%2$s,\
        "tools":[%3$s]}""".formatted(value, messages, tool(value)));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode sent = RawHttp.json(upstream.takeRequest().body());
    assertThat(sent.get("messages")).isEqualTo(RawHttp.json(messages));
    assertThat(sent.at("/tools/0")).isEqualTo(RawHttp.json(tool(value)));
    assertThat(sent.at("/stream_options/extra")).isEqualTo(RawHttp.json(value));
    JsonNode trace = gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.at("/request/messages")).isEqualTo(RawHttp.json(messages));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"1", "\"x\"", "true", "[1]", "{\"a\":1}", "null"})
  void aPromptMessagesUnknownFieldsAreKeptInItsVersionAndSentWhenItIsCalled(String value) {
    HttpResponse<String> pushed = gateway.http().post("/admin/prompts", Gateways.ADMIN_KEY,
        "{\"name\":\"p\",\"model\":\"chat\",\"messages\":[" + message(value) + "]}");
    upstream.json(200, UpstreamAnswers.completion("ok"));

    HttpResponse<String> called = http.post("/v1/chat/completions", "{\"model\":\"prompt:p\"}");

    assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
    assertThat(called.statusCode()).as(called.body()).isEqualTo(200);
    assertThat(RawHttp.json(upstream.takeRequest().body()).at("/messages/0")).isEqualTo(RawHttp.json(message(value)));
    assertThat(RawHttp.json(gateway.http().get("/admin/prompts/p/versions/1", Gateways.ADMIN_KEY).body())
        .at("/messages/0")).isEqualTo(RawHttp.json(message(value)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"1", "\"x\"", "true", "[1]", "{\"a\":1}"})
  void anAnswersUnknownFieldsReachTheClientAsTheUpstreamSentThem(String value) {
    upstream.json(200, """
        {"id":"c1","object":"chat.completion","created":1,"model":"m","extra":%1$s,
         "choices":[{"index":0,"message":{"role":"assistant","content":"ok","extra":%1$s},"finish_reason":"stop",
          "extra":%1$s}],
         "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2,"extra":%1$s,
          "prompt_tokens_details":{"cached_tokens":0,"extra":%1$s}}}""".formatted(value));

    HttpResponse<String> response = http.post("/v1/chat/completions",
        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = RawHttp.json(response.body());
    JsonNode expected = RawHttp.json(value);
    assertThat(List.of(answer.get("extra"), answer.at("/choices/0/extra"), answer.at("/choices/0/message/extra"),
        answer.at("/usage/extra"), answer.at("/usage/prompt_tokens_details/extra"))).containsOnly(expected);
  }
}
