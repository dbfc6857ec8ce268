package dev.apprentice.providers.openai;

import static dev.apprentice.providers.openai.OpenAiProviderTest.context;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.providers.http.ProviderJson;
import dev.apprentice.testing.FakeUpstream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which assistant turns keep their {@code reasoning_content} on the way to an OpenAI-type server: DeepSeek's thinking
 * mode needs it on turns that called tools, other servers (Cerebras) answer 400 to the field.
 */
class OpenAiReasoningHistoryTest {

  /** A turn without tools, a turn that called tools (after Claude: with thinking_blocks too), and the tool result. */
  private static final String CONVERSATION = """
      {"model":"m","messages":[{"role":"user","content":"Hi"},
       {"role":"assistant","content":"Hello.","reasoning_content":"A greeting."},
       {"role":"user","content":"Weather in Rome?"},
       {"role":"assistant","content":null,"reasoning_content":"I need the weather tool.",
        "thinking_blocks":[{"type":"thinking","thinking":"I need the weather tool.","signature":"sig-1"}],
        "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
       {"role":"tool","tool_call_id":"call_1","content":"18°C"}]}""";

  @Test
  void dropSendsNoReasoningContentOnAnyAssistantTurn() throws Exception {
    JsonNode messages = sent(CONVERSATION, ReasoningHistory.DROP);

    assertThat(messages.get(1).has("reasoning_content")).isFalse();
    assertThat(messages.get(3).has("reasoning_content")).isFalse();
    assertThat(messages.get(3).has("thinking_blocks")).isFalse();
    assertThat(messages.get(3).at("/tool_calls/0/id").asText()).isEqualTo("call_1");
  }

  @Test
  void toolTurnsSendsTheReasoningOfATurnThatCalledToolsBackAsDeepSeeksThinkingModeRequiresButNotOfOtherTurns()
      throws Exception {
    JsonNode messages = sent(CONVERSATION, ReasoningHistory.TOOL_TURNS);

    assertThat(messages.get(1).has("reasoning_content")).isFalse();
    assertThat(messages.get(3).path("reasoning_content").asText()).isEqualTo("I need the weather tool.");
    assertThat(messages.get(3).has("thinking_blocks")).isFalse();
  }

  @Test
  void aNullReasoningContentEchoedBackFromAnAnswerIsNeverSent() throws Exception {
    JsonNode messages = sent("""
        {"model":"m","messages":[{"role":"user","content":"Weather?"},
         {"role":"assistant","content":null,"reasoning_content":null,
          "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
         {"role":"tool","tool_call_id":"call_1","content":"18°C"}]}""", ReasoningHistory.TOOL_TURNS);

    assertThat(messages.get(1).has("reasoning_content")).isFalse();
    assertThat(messages.get(1).at("/tool_calls/0/id").asText()).isEqualTo("call_1");
  }

  @Test
  void autoKeepsToolTurnsReasoningForDeepSeeksApiOnlyAndAnExplicitSettingWinsEverywhere() {
    assertThat(ReasoningHistory.AUTO.at("https://api.deepseek.com")).isEqualTo(ReasoningHistory.TOOL_TURNS);
    assertThat(ReasoningHistory.AUTO.at("https://API.DeepSeek.com/v1")).isEqualTo(ReasoningHistory.TOOL_TURNS);
    assertThat(ReasoningHistory.AUTO.at("https://eu.deepseek.com/v1")).isEqualTo(ReasoningHistory.TOOL_TURNS);
    assertThat(ReasoningHistory.AUTO.at("https://api.cerebras.ai/v1")).isEqualTo(ReasoningHistory.DROP);
    assertThat(ReasoningHistory.AUTO.at("https://notdeepseek.com/v1")).isEqualTo(ReasoningHistory.DROP);
    assertThat(ReasoningHistory.AUTO.at("http://127.0.0.1:8000/v1")).isEqualTo(ReasoningHistory.DROP);
    assertThat(ReasoningHistory.TOOL_TURNS.at("http://127.0.0.1:8000/v1")).isEqualTo(ReasoningHistory.TOOL_TURNS);
    assertThat(ReasoningHistory.DROP.at("https://api.deepseek.com")).isEqualTo(ReasoningHistory.DROP);
  }

  @Test
  void aProviderWithTheDefaultSettingSendsAnOtherServerNoReasoningContentOnAToolTurn() throws Exception {
    try (FakeUpstream upstream = new FakeUpstream()) {
      upstream.json(200, OpenAiWire.completion("Sunny."));
      var provider = new OpenAiProvider("cerebras", upstream.baseUrl(), "sk-test", Map.of(),
          OpenAiProviderContractTest.CLIENT);

      provider.chat(read(CONVERSATION), context());

      JsonNode messages = ProviderJson.MAPPER.readTree(upstream.takeRequest().body()).get("messages");
      assertThat(messages.get(3).has("reasoning_content")).isFalse();
    }
  }

  @Test
  void aProviderSetToToolTurnsSendsItsServerTheReasoningOfAToolTurn() throws Exception {
    try (FakeUpstream upstream = new FakeUpstream()) {
      upstream.json(200, OpenAiWire.completion("Sunny."));
      var provider = new OpenAiProvider("deepseek", upstream.baseUrl(), "sk-test", Map.of(),
          OpenAiProviderContractTest.CLIENT, OutputLimitField.AUTO, ReasoningHistory.TOOL_TURNS);

      provider.chat(read(CONVERSATION), context());

      JsonNode messages = ProviderJson.MAPPER.readTree(upstream.takeRequest().body()).get("messages");
      assertThat(messages.get(3).path("reasoning_content").asText()).isEqualTo("I need the weather tool.");
    }
  }

  private static JsonNode sent(String conversation, ReasoningHistory history) throws Exception {
    byte[] body = OpenAiRequests.chatBody(read(conversation), null, OutputLimitField.AUTO, history);
    return ProviderJson.MAPPER.readTree(body).get("messages");
  }

  private static ChatRequest read(String json) throws Exception {
    return ProviderJson.MAPPER.readValue(json, ChatRequest.class);
  }
}
