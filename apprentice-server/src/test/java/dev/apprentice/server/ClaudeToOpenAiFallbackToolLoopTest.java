package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A tool loop that starts on Claude with thinking and falls back to an OpenAI-type target on the next turn: the
 * assistant turn Claude answered (reasoning_content, thinking_blocks, tool_calls) must reach the other server in a
 * form it takes. Most refuse reasoning_content in messages (Cerebras: 400, which allows no fallback); DeepSeek's
 * thinking mode needs it on tool turns, which a provider's {@code reasoning_history} asks for.
 */
class ClaudeToOpenAiFallbackToolLoopTest {

  private static final String TOOLS = """
      "tools":[{"type":"function","function":{"name":"get_weather",
        "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]""";
  private static final String QUESTION = "{\"role\":\"user\",\"content\":\"Weather in Paris?\"}";

  private final FakeUpstream claude = new FakeUpstream();
  private final FakeUpstream other = new FakeUpstream();
  /** Started by each test, with its fallback target's settings. */
  @AutoClose
  private RunningGateway gateway;

  @Test
  void theTurnClaudeThoughtInGoesToAnotherServerWithoutItsReasoningByDefault() {
    JsonNode sent = toolTurnSentToTheFallback("");

    assertThat(sent.has("reasoning_content")).isFalse();
    assertThat(sent.has("thinking_blocks")).isFalse();
    assertThat(sent.at("/tool_calls/0/id").asText()).isEqualTo("toolu_01");
  }

  @Test
  void aFallbackSetToToolTurnsGetsTheReasoningOfTheTurnThatCalledTools() {
    JsonNode sent = toolTurnSentToTheFallback(", reasoning_history: tool_turns");

    assertThat(sent.path("reasoning_content").asText()).isEqualTo("The user wants the weather in Paris.");
    assertThat(sent.has("thinking_blocks")).isFalse();
  }

  /** Runs the loop's two turns (the second falls back) and returns the assistant turn the fallback target got. */
  private JsonNode toolTurnSentToTheFallback(String otherSettings) {
    gateway = Gateways.running("""
        providers:
          claude: { type: anthropic, base_url: "%s", api_key: sk-ant-test }
          other: { type: openai, base_url: "%s", api_key: sk-test%s }
        models:
          smart:
            strategy: fallback
            retries: 0
            targets: [ { provider: claude, model: claude-sonnet-4-5 }, { provider: other, model: other-model } ]
        """.formatted(claude.rootUrl(), other.baseUrl(), otherSettings)).closing(claude, other);
    RawHttp http = new RawHttp(gateway.server());
    claude.json(200, """
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"thinking","thinking":"The user wants the weather in Paris.","signature":"sig-1"},
                    {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}],
         "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":12}}""");
    HttpResponse<String> first = http.post("/v1/chat/completions", "{\"model\":\"smart\",\"max_tokens\":4000,"
        + "\"reasoning_effort\":\"low\"," + TOOLS + ",\"messages\":[" + QUESTION + "]}");
    assertThat(first.statusCode()).isEqualTo(200);
    JsonNode assistant = RawHttp.json(first.body()).at("/choices/0/message");
    assertThat(assistant.has("reasoning_content")).isTrue();
    claude.takeRequest();

    claude.json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
    other.json(200, """
        {"id":"c1","object":"chat.completion","created":1,"model":"other-model",
         "choices":[{"index":0,"message":{"role":"assistant","content":"18°C and cloudy."},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":40,"completion_tokens":6,"total_tokens":46}}""");
    HttpResponse<String> second = http.post("/v1/chat/completions", "{\"model\":\"smart\",\"max_tokens\":4000,"
        + "\"reasoning_effort\":\"low\"," + TOOLS + ",\"messages\":[" + QUESTION + "," + assistant
        + ",{\"role\":\"tool\",\"tool_call_id\":\"toolu_01\",\"content\":\"18°C, cloudy\"}]}");

    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.headers().firstValue("x-apprentice-served-by")).hasValueSatisfying(
        servedBy -> assertThat(servedBy).contains("other"));
    return RawHttp.json(other.takeRequest().body()).at("/messages/1");
  }
}
