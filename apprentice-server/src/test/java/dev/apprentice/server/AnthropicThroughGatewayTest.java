package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** An OpenAI-format client, the gateway, and an {@code anthropic}-type provider speaking the Messages API. */
class AnthropicThroughGatewayTest {

  private static final String TOOLS = """
      "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather of a city",
        "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]""";

  private static final String MESSAGE = """
      {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
       "content":[{"type":"text","text":"Let me check."},
                  {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}],
       "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":12}}""";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.claude(upstream.rootUrl(), false).closing(upstream);
  private final RawHttp http = new RawHttp(gateway.server());

  @Test
  void aMessagesAnswerWithAToolUseBlockBecomesAnOpenAiCompletion() {
    upstream.json(200, MESSAGE);

    HttpResponse<String> response = http.post("/v1/chat/completions", """
        {"model":"smart","messages":[{"role":"system","content":"Be brief."},
         {"role":"user","content":"Weather in Paris?"}],%s}""".formatted(TOOLS));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-apprentice-served-by")).hasValue("claude/claude-sonnet-4-5");
    JsonNode body = RawHttp.json(response.body());
    assertThat(body.path("object").asText()).isEqualTo("chat.completion");
    JsonNode choice = body.path("choices").path(0);
    assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
    assertThat(choice.path("message").path("content").asText()).isEqualTo("Let me check.");
    JsonNode call = choice.path("message").path("tool_calls").path(0);
    assertThat(call.path("id").asText()).isEqualTo("toolu_01");
    assertThat(call.path("type").asText()).isEqualTo("function");
    assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
    assertThat(RawHttp.json(call.path("function").path("arguments").asText()).path("city").asText()).isEqualTo("Paris");
    assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(25);
    assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(12);
    assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(37);

    FakeUpstream.Recorded sent = upstream.takeRequest();
    assertThat(sent.path()).isEqualTo("/v1/messages");
    assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-test");
    assertThat(sent.header("anthropic-version")).isNotBlank();
    assertThat(sent.header("Authorization")).isNull();
    JsonNode wire = RawHttp.json(sent.body());
    assertThat(wire.path("model").asText()).isEqualTo("claude-sonnet-4-5");
    assertThat(wire.path("max_tokens").asInt()).isEqualTo(1024);
    assertThat(wire.path("system").toString()).contains("Be brief.");
    assertThat(wire.path("messages")).hasSize(1);
    assertThat(wire.path("messages").path(0).path("role").asText()).isEqualTo("user");
    assertThat(wire.path("tools").path(0).path("name").asText()).isEqualTo("get_weather");
    assertThat(wire.path("tools").path(0).path("input_schema").path("required").path(0).asText()).isEqualTo("city");
    assertThat(wire.has("stream") && wire.path("stream").asBoolean()).isFalse();
  }

  @Test
  void aMessagesStreamWithAToolUseBlockBecomesOpenAiChunks() {
    upstream.sse(streamEvents());

    HttpResponse<String> response = http.post("/v1/chat/completions", """
        {"model":"smart","stream":true,"messages":[{"role":"user","content":"Weather in Paris?"}],%s}"""
        .formatted(TOOLS));

    assertThat(response.statusCode()).isEqualTo(200);
    ChatCompletionsTest.assertEveryEventIsADataLine(response.body());
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.endsWithDone()).isTrue();
    assertThat(events.chunks()).allSatisfy(c -> {
      assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
      assertThat(c.path("id").asText()).isEqualTo("msg_02");
    });
    assertThat(events.chunks().getFirst().path("choices").path(0).path("delta").path("role").asText()).isEqualTo("assistant");
    assertThat(events.text()).isEqualTo("Checking the weather.");
    List<JsonNode> calls = events.toolCallDeltas();
    assertThat(calls.getFirst().path("id").asText()).isEqualTo("toolu_02");
    assertThat(calls.getFirst().path("type").asText()).isEqualTo("function");
    assertThat(calls.getFirst().path("function").path("name").asText()).isEqualTo("get_weather");
    assertThat(calls).allSatisfy(c -> assertThat(c.path("index").asInt()).isZero());
    StringBuilder arguments = new StringBuilder();
    calls.forEach(c -> arguments.append(c.path("function").path("arguments").asText("")));
    assertThat(arguments.toString()).isEqualTo("{\"city\": \"Paris\"}");
    assertThat(events.finishReasons()).containsExactly("tool_calls");
    assertThat(events.usages()).as("the client did not ask for usage").isEmpty();

    FakeUpstream.Recorded sent = upstream.takeRequest();
    assertThat(sent.path()).isEqualTo("/v1/messages");
    assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-test");
    assertThat(RawHttp.json(sent.body()).path("stream").asBoolean()).isTrue();
  }

  @Test
  void aMessagesStreamReportsUsageInOpenAiTermsWhenTheClientAsks() {
    upstream.sse(streamEvents());

    HttpResponse<String> response = http.post("/v1/chat/completions", """
        {"model":"smart","stream":true,"stream_options":{"include_usage":true},
         "messages":[{"role":"user","content":"Weather in Paris?"}],%s}""".formatted(TOOLS));

    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.endsWithDone()).isTrue();
    assertThat(events.usages()).singleElement().satisfies(usage -> {
      assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(30);
      assertThat(usage.path("completion_tokens").asInt()).isEqualTo(21);
      assertThat(usage.path("total_tokens").asInt()).isEqualTo(51);
    });
  }

  private static List<String> streamEvents() {
    return List.of(
        event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_02\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"stop_reason\":null,"
            + "\"usage\":{\"input_tokens\":30,\"output_tokens\":1}}}"),
        event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
        event("ping", "{\"type\":\"ping\"}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Checking \"}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"the weather.\"}}"),
        event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
        event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
            + "\"id\":\"toolu_02\",\"name\":\"get_weather\",\"input\":{}}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \"}}"),
        event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}}"),
        event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"),
        event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
            + "\"usage\":{\"output_tokens\":21}}"),
        event("message_stop", "{\"type\":\"message_stop\"}"));
  }

  private static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data;
  }
}
