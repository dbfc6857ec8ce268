package dev.apprentice.providers.anthropic;

import static dev.apprentice.providers.http.ProviderJson.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.Message;
import dev.apprentice.api.ToolCall;
import dev.apprentice.providers.http.Transport;
import dev.apprentice.testing.FakeUpstream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The second turn of a tool loop with extended thinking: the assistant message a client got (its JSON, as an OpenAI
 * SDK keeps it) goes back with the tool's result, and Anthropic must see it start with the signed thinking block.
 */
class AnthropicThinkingRoundTripTest {

  private static final String SIGNATURE = "ErUBCkYIBRgCIkB0qzKv8w3rZ5nL2Xq1JmQbT7yHcV9dF4sGpR6aEoN3kW8uZiM";

  private final FakeUpstream fake = new FakeUpstream();
  private final AnthropicProvider provider =
      new AnthropicProvider("anthropic", fake.rootUrl(), "sk-ant-test", 1024, Transport.create(Duration.ofSeconds(2)));

  @AfterEach
  void stopFake() {
    fake.close();
  }

  @Test
  void aNonStreamedAnswersThinkingGoesBackFirstInTheAssistantTurnOfTheNextRequest() throws Exception {
    fake.json(200, new GoldenFiles("responses").text("thinking_then_tool_use", ".anthropic.json"));
    Message answer = provider.chat(request(List.of(question()), false), context()).choices().getFirst().message();

    JsonNode assistantTurn = secondTurn(MAPPER.valueToTree(answer));

    assertThat(assistantTurn.path("content")).hasSize(2);
    assertThat(assistantTurn.at("/content/0")).isEqualTo(MAPPER.readTree("""
        {"type": "thinking", "thinking": "The user wants the weather in Paris. I should call get_weather.",
         "signature": "%s"}""".formatted(SIGNATURE)));
    assertThat(assistantTurn.at("/content/1/type").asText()).isEqualTo("tool_use");
  }

  @Test
  void aStreamedAnswersThinkingAsAClientGathersItGoesBackFirstInTheAssistantTurnOfTheNextRequest() throws Exception {
    fake.sse(new GoldenFiles("streams").events("thinking_then_tool_call", ".sse"));
    ObjectNode answer = MAPPER.createObjectNode().put("role", "assistant");
    StringBuilder reasoning = new StringBuilder();
    ArrayNode thinkingBlocks = answer.putArray("thinking_blocks");
    Map<Integer, ObjectNode> calls = new TreeMap<>();
    try (ChunkStream stream = provider.stream(request(List.of(question()), true), context())) {
      for (ChatChunk chunk = stream.next(); chunk != null; chunk = stream.next()) {
        for (ChatChunk.Choice choice : chunk.choices()) {
          ChatChunk.Delta delta = choice.delta();
          if (delta.extra().get("reasoning_content") instanceof String fragment) reasoning.append(fragment);
          if (delta.extra().get("thinking_blocks") instanceof List<?> blocks) blocks.forEach(
              b -> thinkingBlocks.add(MAPPER.valueToTree(b)));
          if (delta.toolCalls() != null) delta.toolCalls().forEach(fragment -> gather(calls, fragment));
        }
      }
    }
    answer.put("reasoning_content", reasoning.toString());
    answer.putArray("tool_calls").addAll(calls.values());

    JsonNode assistantTurn = secondTurn(answer);

    assertThat(reasoning).hasToString("The user wants Paris weather. I will call get_weather.");
    assertThat(assistantTurn.path("content")).hasSize(2);
    assertThat(assistantTurn.at("/content/0")).isEqualTo(MAPPER.readTree("""
        {"type": "thinking", "thinking": "The user wants Paris weather. I will call get_weather.",
         "signature": "ErUBCkYIBRgCIkB0qzKv8w3rZ5nL2Xq1JmQbT7yHcV9dF4sGpR6a"}"""));
    assertThat(assistantTurn.at("/content/1")).isEqualTo(MAPPER.readTree("""
        {"type": "tool_use", "id": "toolu_01StreamA", "name": "get_weather", "input": {"city": "Paris"}}"""));
  }

  /** Sends [question, the answer as its JSON read back, the tool's result] and returns the assistant turn sent. */
  private JsonNode secondTurn(JsonNode answerJson) throws Exception {
    Message assistant = MAPPER.treeToValue(answerJson, Message.class);
    String callId = assistant.toolCalls().getFirst().id();
    fake.json(200, AnthropicWire.textMessage("18°C"));

    provider.chat(request(List.of(question(), assistant, Message.tool(callId, "18°C, cloudy")), false), context());

    JsonNode sent = MAPPER.readTree(fake.takeRequest().body()); // the first call's request
    assertThat(sent.at("/messages/0/role").asText()).isEqualTo("user");
    sent = MAPPER.readTree(fake.takeRequest().body());
    assertThat(sent.at("/messages/1/role").asText()).isEqualTo("assistant");
    assertThat(sent.at("/messages/2/content/0/tool_use_id").asText()).isEqualTo(callId);
    return sent.at("/messages/1");
  }

  private static void gather(Map<Integer, ObjectNode> calls, ToolCall fragment) {
    ObjectNode call = calls.computeIfAbsent(fragment.index(), i -> {
      ObjectNode created = MAPPER.createObjectNode().put("type", "function");
      created.putObject("function").put("arguments", "");
      return created;
    });
    if (fragment.id() != null) call.put("id", fragment.id());
    ObjectNode function = (ObjectNode) call.get("function");
    if (fragment.function().name() != null) function.put("name", fragment.function().name());
    function.put("arguments", function.get("arguments").asText() + fragment.function().arguments());
  }

  private static Message question() {
    return Message.user("Weather in Paris?");
  }

  private static ChatRequest request(List<Message> messages, boolean stream) {
    Map<String, Object> extra = new java.util.HashMap<>();
    extra.put("thinking", Map.of("type", "enabled", "budget_tokens", 2000));
    return ChatRequest.builder().model("claude-sonnet-4-5").messages(messages).stream(stream).maxTokens(4000)
        .extra(extra).build();
  }

  private static CallContext context() {
    return CallContext.withTimeout("trace-thinking", Duration.ofSeconds(10));
  }
}
