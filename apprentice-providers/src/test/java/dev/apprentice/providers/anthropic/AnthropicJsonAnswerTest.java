package dev.apprentice.providers.anthropic;

import static dev.apprentice.providers.anthropic.AnthropicWire.event;
import static dev.apprentice.providers.anthropic.AnthropicWire.read;
import static dev.apprentice.providers.http.ProviderJson.MAPPER;
import static dev.apprentice.providers.anthropic.StreamedAnswers.content;
import static dev.apprentice.providers.anthropic.StreamedAnswers.streamed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Message;
import dev.apprentice.api.Tool;
import dev.apprentice.providers.http.Transport;
import dev.apprentice.testing.FakeUpstream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code response_format} asking for JSON reaches Anthropic as a forced tool, and the tool's input comes back as the
 * answer's content, streamed or not; where a tool cannot be forced, the schema is asked for in the system prompt.
 */
class AnthropicJsonAnswerTest {

  private static final Map<String, Object> PERSON = Map.of("type", "object",
      "properties", Map.of("name", Map.of("type", "string"), "born", Map.of("type", "integer")),
      "required", List.of("name", "born"));
  private static final Map<String, Object> COLOURS = Map.of("type", "array", "items", Map.of("type", "string"));

  private final FakeUpstream fake = new FakeUpstream();
  private final AnthropicProvider provider =
      new AnthropicProvider("claude", fake.rootUrl(), "sk-ant-test", 1024, Transport.create(Duration.ofSeconds(2)));

  @AfterEach
  void stopFake() {
    fake.close();
  }

  @Test
  void aJsonSchemaAnswerGivenAsTheForcedToolsInputIsTheContentWithFinishReasonStopAndNoToolCalls() throws Exception {
    fake.json(200, AnthropicWire.toolUseMessage("toolu_01", "person", "{\"name\":\"Ada\",\"born\":1815}"));

    ChatResponse response = provider.chat(request(schema("person", PERSON)), context());

    JsonNode sent = read(fake.takeRequest().body());
    assertThat(sent.at("/tools/0/name").asText()).isEqualTo("person");
    assertThat(sent.at("/tools/0/input_schema")).isEqualTo(MAPPER.valueToTree(PERSON));
    assertThat(sent.path("tool_choice")).isEqualTo(read("{\"type\":\"tool\",\"name\":\"person\","
        + "\"disable_parallel_tool_use\":true}"));
    assertThat(sent.has("system")).as("the schema is not also asked for in the prompt").isFalse();
    var choice = response.choices().getFirst();
    assertThat(response.text()).isEqualTo("{\"name\":\"Ada\",\"born\":1815}");
    assertThat(choice.message().toolCalls()).isNull();
    assertThat(choice.finishReason()).isEqualTo("stop");
    assertThat(response.usage().promptTokens()).isEqualTo(12);
    assertThat(response.usage().completionTokens()).isEqualTo(5);
  }

  @Test
  void aStreamedAnswerToolsInputArrivesAsContentDeltasAndTheStreamFinishesWithStop() throws Exception {
    fake.sse(answerEvents("person", "", "{\"name\": \"Ada", "\", \"born\": 1815}"));

    List<ChatChunk> chunks =
        streamed(provider, request(schema("person", PERSON)).toBuilder().stream(true).build(), context());

    assertThat(content(chunks)).isEqualTo("{\"name\": \"Ada\", \"born\": 1815}");
    assertThat(chunks).allSatisfy(c -> assertThat(c.choices()).allSatisfy(
        choice -> assertThat(choice.delta().toolCalls()).isNull()));
    assertThat(chunks).filteredOn(c -> !c.usageOnly()).last()
        .satisfies(c -> assertThat(c.choices().getFirst().finishReason()).isEqualTo("stop"));
    assertThat(chunks.getLast().usage().promptTokens()).isEqualTo(12);
    assertThat(chunks.getLast().usage().completionTokens()).isEqualTo(9);
  }

  @Test
  void aJsonObjectAnswerIsTheInputOfATakeAnyObjectTool() throws Exception {
    fake.json(200, AnthropicWire.toolUseMessage("toolu_01", "json_answer", "{\"colours\":[\"red\"]}"));

    ChatResponse response = provider.chat(request(Map.of("type", "json_object")), context());

    JsonNode sent = read(fake.takeRequest().body());
    assertThat(sent.at("/tools/0/input_schema")).isEqualTo(read("{\"type\":\"object\"}"));
    assertThat(sent.at("/tool_choice/name").asText()).isEqualTo("json_answer");
    assertThat(response.text()).isEqualTo("{\"colours\":[\"red\"]}");
    assertThat(response.choices().getFirst().finishReason()).isEqualTo("stop");
  }

  @Test
  void aSchemaWhoseRootIsNotAnObjectIsWrappedAndItsValueAloneComesBackStreamedOrNot() throws Exception {
    fake.json(200, AnthropicWire.toolUseMessage("toolu_01", "colours", "{\"value\":[\"red\",\"blue\"]}"));
    fake.sse(answerEvents("colours", "{\"value\": [\"red\"", ", \"blue\"]}"));

    ChatResponse whole = provider.chat(request(schema("colours", COLOURS)), context());
    List<ChatChunk> chunks =
        streamed(provider, request(schema("colours", COLOURS)).toBuilder().stream(true).build(), context());

    JsonNode sent = read(fake.takeRequest().body());
    assertThat(sent.at("/tools/0/input_schema/properties/value")).isEqualTo(MAPPER.valueToTree(COLOURS));
    assertThat(sent.at("/tools/0/input_schema/required/0").asText()).isEqualTo("value");
    assertThat(whole.text()).isEqualTo("[\"red\",\"blue\"]");
    assertThat(content(chunks)).isEqualTo("[\"red\",\"blue\"]");
  }

  @Test
  void aStreamedAnswerWhoseInputCameWholeInItsBlockStartIsThatInputAsTheContent() throws Exception {
    String input = "{\"name\":\"Ada\",\"born\":1815}";
    fake.sse(answerEventsStartingWith(input, 0, "person"));
    fake.sse(answerEventsStartingWith("{\"value\":[\"red\"]}", 0, "colours"));

    List<ChatChunk> plain =
        streamed(provider, request(schema("person", PERSON)).toBuilder().stream(true).build(), context());
    List<ChatChunk> wrapped =
        streamed(provider, request(schema("colours", COLOURS)).toBuilder().stream(true).build(), context());

    assertThat(content(plain)).isEqualTo(input);
    assertThat(content(wrapped)).isEqualTo("[\"red\"]");
  }

  @Test
  void textBeforeTheAnswerToolIsLeftOutOfTheContentStreamedOrNot() throws Exception {
    ObjectNode message = (ObjectNode) read(AnthropicWire.toolUseMessage("toolu_01", "person",
        "{\"name\":\"Ada\",\"born\":1815}"));
    message.withArray("content").insertObject(0).put("type", "text").put("text", "Here is the JSON:");
    fake.json(200, message.toString());
    List<String> events = new ArrayList<>(answerEvents(1, "person", "{\"name\":\"Ada\",\"born\":1815}"));
    events.addAll(1, textBlock(0, "Here is the JSON:"));
    fake.sse(events);

    ChatResponse whole = provider.chat(request(schema("person", PERSON)), context());
    List<ChatChunk> chunks =
        streamed(provider, request(schema("person", PERSON)).toBuilder().stream(true).build(), context());

    assertThat(whole.text()).isEqualTo("{\"name\":\"Ada\",\"born\":1815}");
    assertThat(content(chunks)).isEqualTo("{\"name\":\"Ada\",\"born\":1815}");
  }

  @Test
  void aStreamThatNeverCallsTheAnswerToolSendsItsHeldTextWithTheFinishReason() throws Exception {
    List<String> events = new ArrayList<>(textBlock(0, "I cannot help with that."));
    events.addFirst(AnthropicWire.textEvents("x", false).getFirst());
    events.add(event("message_delta", read("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"refusal\"},"
        + "\"usage\":{\"output_tokens\":6}}")));
    events.add(event("message_stop", read("{\"type\":\"message_stop\"}")));
    fake.sse(events);

    List<ChatChunk> chunks =
        streamed(provider, request(schema("person", PERSON)).toBuilder().stream(true).build(), context());

    ChatChunk finish = chunks.get(chunks.size() - 2);
    assertThat(finish.choices().getFirst().delta().content()).isEqualTo("I cannot help with that.");
    assertThat(finish.choices().getFirst().finishReason()).isEqualTo("content_filter");
    assertThat(content(chunks)).isEqualTo("I cannot help with that.");
  }

  @Test
  void withThinkingOnTheSchemaIsAskedForInTheSystemPromptAndTheTextAnswerIsTheContent() throws Exception {
    fake.json(200, AnthropicWire.textMessage("{\"name\":\"Ada\",\"born\":1815}"));
    ChatRequest thinking = request(schema("person", PERSON)).toBuilder().maxTokens(4000)
        .extra(Map.of("thinking", Map.of("type", "enabled", "budget_tokens", 2000))).build();

    ChatResponse response = provider.chat(thinking, context());

    JsonNode sent = read(fake.takeRequest().body());
    assertThat(sent.has("tools")).isFalse();
    assertThat(sent.has("tool_choice")).as("Anthropic refuses a forced tool with thinking on").isFalse();
    assertThat(sent.path("system").asText()).startsWith(AnthropicRequests.JSON_INSTRUCTION).contains("\"born\"");
    assertThat(response.text()).isEqualTo("{\"name\":\"Ada\",\"born\":1815}");
  }

  @Test
  void withTheCallersOwnToolsTheSchemaIsAskedForInTheSystemPromptAndTheirCallsStayToolCalls() throws Exception {
    fake.json(200, AnthropicWire.toolUseMessage("toolu_01", "person", "{\"name\":\"Ada\"}"));
    var tool = new Tool("function", new Tool.Function("person", null, PERSON, null));
    ChatRequest withTools = request(schema("person", PERSON)).toBuilder().tools(List.of(tool)).build();

    ChatResponse response = provider.chat(withTools, context());

    JsonNode sent = read(fake.takeRequest().body());
    assertThat(sent.path("tools")).hasSize(1);
    assertThat(sent.has("tool_choice")).isFalse();
    assertThat(sent.path("system").asText()).startsWith(AnthropicRequests.JSON_INSTRUCTION);
    var choice = response.choices().getFirst();
    assertThat(choice.message().toolCalls()).singleElement()
        .satisfies(call -> assertThat(call.function().name()).isEqualTo("person"));
    assertThat(choice.finishReason()).isEqualTo("tool_calls");
  }

  /** A streamed call of the named tool, its input in these fragments, ending as a forced tool's answer ends. */
  private static List<String> answerEvents(String tool, String... fragments) {
    return answerEvents(0, tool, fragments);
  }

  /** As {@link #answerEvents(String, String...)}, the tool_use block at this index. */
  private static List<String> answerEvents(int index, String tool, String... fragments) {
    return answerEventsStartingWith("{}", index, tool, fragments);
  }

  /** As {@link #answerEvents(int, String, String...)}, the block starting with this input. */
  private static List<String> answerEventsStartingWith(String startInput, int index, String tool,
      String... fragments) {
    List<String> events = new ArrayList<>();
    events.add(AnthropicWire.textEvents("x", false).getFirst());
    events.add(event("content_block_start", read("{\"type\":\"content_block_start\",\"index\":" + index
        + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"" + tool
        + "\",\"input\":" + startInput + "}}")));
    for (String fragment : fragments) {
      ObjectNode delta = MAPPER.createObjectNode().put("type", "content_block_delta").put("index", index);
      delta.putObject("delta").put("type", "input_json_delta").put("partial_json", fragment);
      events.add(event("content_block_delta", delta));
    }
    events.add(event("content_block_stop", read("{\"type\":\"content_block_stop\",\"index\":" + index + "}")));
    events.add(event("message_delta", read("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}")));
    events.add(event("message_stop", read("{\"type\":\"message_stop\"}")));
    return events;
  }

  /** A whole text block at this index, streamed. */
  private static List<String> textBlock(int index, String text) {
    ObjectNode delta = MAPPER.createObjectNode().put("type", "content_block_delta").put("index", index);
    delta.putObject("delta").put("type", "text_delta").put("text", text);
    return List.of(
        event("content_block_start", read("{\"type\":\"content_block_start\",\"index\":" + index
            + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")),
        event("content_block_delta", delta),
        event("content_block_stop", read("{\"type\":\"content_block_stop\",\"index\":" + index + "}")));
  }

  private static Map<String, Object> schema(String name, Map<String, Object> schema) {
    return Map.of("type", "json_schema", "json_schema", Map.of("name", name, "schema", schema));
  }

  private static ChatRequest request(Map<String, Object> responseFormat) {
    return ChatRequest.builder().model("claude-sonnet-4-5").messages(List.of(Message.user("Who was Ada?")))
        .maxTokens(200).responseFormat(responseFormat).build();
  }

  private static CallContext context() {
    return CallContext.withTimeout("trace-json", Duration.ofSeconds(10));
  }
}
