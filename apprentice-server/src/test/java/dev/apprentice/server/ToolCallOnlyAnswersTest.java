package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's answer schema requires {@code message.content} and {@code message.refusal}, nullable: a tool-call-only
 * answer carries both as null whichever provider type answered, while stream deltas still leave them out.
 */
class ToolCallOnlyAnswersTest {

  private static final String ASK = """
      {"model":"smart","messages":[{"role":"user","content":"Weather in Paris?"}]}""";

  private final FakeUpstream upstream = new FakeUpstream();
  /** Started by each test, on OpenAI or on Anthropic. */
  @AutoClose
  private RunningGateway gateway;

  private RunningGateway openAi() {
    return Gateways.running("""
        providers:
          openai: { type: openai, base_url: "%s" }
        models:
          smart: { targets: [ { provider: openai, model: gpt-4o } ], retries: 0 }
        """.formatted(upstream.baseUrl())).closing(upstream);
  }

  private static JsonNode messageOf(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return RawHttp.json(response.body()).at("/choices/0/message");
  }

  @Test
  void anOpenAiToolCallOnlyAnswerReachesTheClientWithNullContentAndRefusal() {
    gateway = openAi();
    upstream.json(200, UpstreamAnswers.TOOL_COMPLETION);

    JsonNode message = messageOf(new RawHttp(gateway.server()).post("/v1/chat/completions", ASK));

    assertThat(message.has("content")).isTrue();
    assertThat(message.get("content").isNull()).isTrue();
    assertThat(message.has("refusal")).isTrue();
    assertThat(message.get("refusal").isNull()).isTrue();
    assertThat(message.at("/tool_calls/0/id").asText()).isEqualTo("call_abc");
    assertThat(message.get("role").asText()).isEqualTo("assistant");
  }

  @Test
  void anAnthropicAnswerWithOnlyAToolUseBlockReachesTheClientWithNullContent() {
    gateway = Gateways.claude(upstream.rootUrl(), false).closing(upstream);
    upstream.json(200, """
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}],
         "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":12}}""");

    JsonNode message = messageOf(new RawHttp(gateway.server()).post("/v1/chat/completions", ASK));

    assertThat(message.has("content")).isTrue();
    assertThat(message.get("content").isNull()).isTrue();
    assertThat(message.get("refusal").isNull()).isTrue();
    assertThat(message.at("/tool_calls/0/id").asText()).isEqualTo("toolu_01");
  }

  @Test
  void anAnswerWithTextKeepsItsContentAndItsUnreadFields() {
    gateway = openAi();
    upstream.json(200, """
        {"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Sunny","annotations":[]},
          "finish_reason":"stop"}]}""");

    JsonNode message = messageOf(new RawHttp(gateway.server()).post("/v1/chat/completions", ASK));

    assertThat(message).isEqualTo(RawHttp.json("""
        {"role":"assistant","content":"Sunny","refusal":null,"annotations":[]}"""));
  }

  @Test
  void aStreamedToolCallDeltaStillLeavesContentOut() {
    gateway = openAi();
    String opener = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\n"
        + "data: \"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,"
        + "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]}}]}";
    String finish = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
        + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}";
    // two data lines: the gateway cannot forward the chunk's bytes and writes the chunk it read
    upstream.sse(List.of("data: " + opener, "data: " + finish, "data: [DONE]"));

    String body = new RawHttp(gateway.server()).post("/v1/chat/completions", ASK.replace("{\"model\"",
        "{\"stream\":true,\"model\"")).body();

    JsonNode first = RawHttp.json(body.lines().filter(l -> l.startsWith("data: {")).findFirst().orElseThrow()
        .substring("data: ".length()));
    assertThat(first.at("/choices/0/delta").has("content")).isFalse();
    assertThat(first.at("/choices/0/delta").has("refusal")).isFalse();
  }
}
