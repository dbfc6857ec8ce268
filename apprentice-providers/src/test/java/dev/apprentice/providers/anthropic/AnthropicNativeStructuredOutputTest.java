package dev.apprentice.providers.anthropic;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A provider whose structured outputs are {@link StructuredOutput#NATIVE}: a {@code json_schema} answer is asked for
 * as Anthropic's {@code output_config.format} and its text is the content as Claude wrote it; a function's
 * {@code strict: true} reaches the Anthropic tool.
 */
class AnthropicNativeStructuredOutputTest {

  private static final Map<String, Object> PERSON = Map.of("type", "object",
      "properties", Map.of("name", Map.of("type", "string"), "born", Map.of("type", "integer")),
      "required", List.of("name", "born"), "additionalProperties", false);
  private static final String ANSWER = "{\"name\": \"Ada\", \"born\": 1815}";

  private final FakeUpstream fake = new FakeUpstream();
  private final AnthropicProvider provider = provider(StructuredOutput.NATIVE);

  @AfterEach
  void stopFake() {
    fake.close();
  }

  @Test
  void aJsonSchemaIsSentAsTheOutputFormatAndTheTextAnswerIsTheContentAsWritten() throws Exception {
    fake.json(200, AnthropicWire.textMessage(ANSWER));

    ChatResponse response = provider.chat(request(schema()), context());

    JsonNode sent = read(fake.takeRequest().body());
    assertThat(sent.path("output_config")).isEqualTo(MAPPER.createObjectNode().set("format",
        MAPPER.createObjectNode().put("type", "json_schema").set("schema", MAPPER.valueToTree(PERSON))));
    assertThat(sent.has("tools")).isFalse();
    assertThat(sent.has("tool_choice")).isFalse();
    assertThat(sent.has("system")).as("the schema is not also asked for in the prompt").isFalse();
    assertThat(response.text()).isEqualTo(ANSWER);
    assertThat(response.choices().getFirst().message().toolCalls()).isNull();
    assertThat(response.choices().getFirst().finishReason()).isEqualTo("stop");
    assertThat(response.usage().promptTokens()).isEqualTo(12);
    assertThat(response.usage().completionTokens()).isEqualTo(5);
  }

  @Test
  void aStreamedJsonSchemaAnswerArrivesAsTheTextDeltasClaudeWrote() throws Exception {
    fake.sse(AnthropicWire.textEvents(ANSWER, true));

    List<ChatChunk> chunks = streamed(provider, request(schema()).toBuilder().stream(true).build(), context());

    JsonNode sent = read(fake.takeRequest().body());
    assertThat(sent.at("/output_config/format/type").asText()).isEqualTo("json_schema");
    assertThat(content(chunks)).isEqualTo(ANSWER);
    assertThat(chunks).filteredOn(c -> !c.usageOnly()).last()
        .satisfies(c -> assertThat(c.choices().getFirst().finishReason()).isEqualTo("stop"));
    assertThat(chunks.getLast().usage().completionTokens()).isEqualTo(4);
  }

  @Test
  void anAnswerCutByTheTokenLimitComesAsWrittenWithFinishReasonLength() throws Exception {
    ObjectNode cut = (ObjectNode) read(AnthropicWire.textMessage("{\"name\": \"Ad"));
    cut.put("stop_reason", "max_tokens");
    fake.json(200, cut.toString());

    ChatResponse response = provider.chat(request(schema()), context());

    assertThat(response.text()).isEqualTo("{\"name\": \"Ad");
    assertThat(response.choices().getFirst().finishReason()).isEqualTo("length");
  }

  @Test
  void withThinkingAndTheCallersToolsTheSchemaIsStillTheOutputFormat() throws Exception {
    fake.json(200, AnthropicWire.textMessage(ANSWER));
    var lookup = new Tool("function", new Tool.Function("lookup", null, PERSON, null));
    ChatRequest request = request(schema()).toBuilder().maxTokens(4000).tools(List.of(lookup))
        .extra(Map.of("thinking", Map.of("type", "enabled", "budget_tokens", 2000))).build();

    ChatResponse response = provider.chat(request, context());

    JsonNode sent = read(fake.takeRequest().body());
    assertThat(sent.at("/output_config/format/schema")).isEqualTo(MAPPER.valueToTree(PERSON));
    assertThat(sent.path("tools")).singleElement()
        .satisfies(tool -> assertThat(tool.path("name").asText()).isEqualTo("lookup"));
    assertThat(sent.has("tool_choice")).isFalse();
    assertThat(sent.at("/thinking/type").asText()).isEqualTo("enabled");
    assertThat(sent.has("system")).isFalse();
    assertThat(response.text()).isEqualTo(ANSWER);
  }

  @Test
  void afterAnAssistantPrefillWhichAnthropicRefusesBesideAnOutputFormatTheSchemaIsAskedForInTheSystemPrompt()
      throws Exception {
    fake.json(200, AnthropicWire.textMessage("\"Ada\", \"born\": 1815}"));
    ChatRequest prefilled = request(schema()).toBuilder()
        .messages(List.of(Message.user("Who was Ada?"), Message.assistant("{\"name\": "))).build();

    provider.chat(prefilled, context());

    JsonNode sent = read(fake.takeRequest().body());
    assertThat(sent.has("output_config")).isFalse();
    assertThat(sent.has("tools")).isFalse();
    assertThat(sent.path("system").asText()).startsWith(AnthropicRequests.JSON_INSTRUCTION);
  }

  @Test
  void aStrictSchemaWhoseRootIsNotAnObjectIsSentAsGivenNotWrappedAndItsTextIsTheContent() throws Exception {
    Map<String, Object> names = Map.of("type", "array", "items", Map.of("type", "string"));
    fake.json(200, AnthropicWire.textMessage("[\"Ada\", \"Charles\"]"));

    ChatResponse response = provider.chat(request(Map.of("type", "json_schema", "json_schema",
        Map.of("name", "names", "strict", true, "schema", names))), context());

    JsonNode sent = read(fake.takeRequest().body());
    assertThat(sent.at("/output_config/format/schema")).isEqualTo(MAPPER.valueToTree(names));
    assertThat(sent.has("tools")).isFalse();
    assertThat(response.text()).isEqualTo("[\"Ada\", \"Charles\"]");
  }

  @Test
  void aJsonSchemaNotStrictStaysTheForcedToolSinceOpenAiTakesAnySchemaThenAndConstrainedDecodingDoesNot()
      throws Exception {
    // minimum and an object without additionalProperties: false, which output_config.format answers 400
    Map<String, Object> loose = Map.of("type", "object", "properties", Map.of("born", Map.of("type", "integer",
        "minimum", 0)));
    fake.json(200, AnthropicWire.toolUseMessage("toolu_01", "person", "{\"born\": 1815}"));
    fake.json(200, AnthropicWire.toolUseMessage("toolu_02", "person", "{\"born\": 1815}"));

    for (Object strict : List.of(false, "left out")) {
      Map<String, Object> jsonSchema = strict instanceof Boolean b
          ? Map.of("name", "person", "strict", b, "schema", loose) : Map.of("name", "person", "schema", loose);
      ChatResponse response = provider.chat(request(Map.of("type", "json_schema", "json_schema", jsonSchema)),
          context());

      JsonNode sent = read(fake.takeRequest().body());
      assertThat(sent.has("output_config")).as("strict: %s", strict).isFalse();
      assertThat(sent.at("/tools/0/input_schema")).isEqualTo(MAPPER.valueToTree(loose));
      assertThat(sent.at("/tool_choice/name").asText()).isEqualTo("person");
      assertThat(response.text()).isEqualTo("{\"born\":1815}");
    }
  }

  @Test
  void aJsonObjectAnswerWhichHasNoSchemaStaysTheInputOfATakeAnyObjectTool() throws Exception {
    fake.json(200, AnthropicWire.toolUseMessage("toolu_01", "json_answer", "{\"colours\":[\"red\"]}"));

    ChatResponse response = provider.chat(request(Map.of("type", "json_object")), context());

    JsonNode sent = read(fake.takeRequest().body());
    assertThat(sent.has("output_config")).isFalse();
    assertThat(sent.at("/tools/0/input_schema")).isEqualTo(read("{\"type\":\"object\"}"));
    assertThat(sent.at("/tool_choice/name").asText()).isEqualTo("json_answer");
    assertThat(response.text()).isEqualTo("{\"colours\":[\"red\"]}");
  }

  @Test
  void aStrictFunctionIsAStrictToolAndTheOthersAreNot() throws Exception {
    fake.json(200, AnthropicWire.textMessage("ok"));

    provider.chat(withTools(), context());

    JsonNode tools = read(fake.takeRequest().body()).path("tools");
    assertThat(tools.get(0).path("strict").asBoolean()).isTrue();
    assertThat(tools.get(1).has("strict")).as("strict: false").isFalse();
    assertThat(tools.get(2).has("strict")).as("strict left out").isFalse();
  }

  @Test
  void aStrictFunctionWithoutParametersIsAStrictToolWhoseEmptyInputIsClosed() throws Exception {
    fake.json(200, AnthropicWire.textMessage("ok"));
    List<Tool> tools = List.of(new Tool("function", new Tool.Function("now", null, null, true)),
        new Tool("function", new Tool.Function("today", null, null, null)));

    provider.chat(request(null).toBuilder().tools(tools).build(), context());

    JsonNode sent = read(fake.takeRequest().body()).path("tools");
    assertThat(sent.get(0).path("input_schema"))
        .isEqualTo(read("{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}"));
    assertThat(sent.get(0).path("strict").asBoolean()).isTrue();
    assertThat(sent.get(1).path("input_schema")).isEqualTo(read("{\"type\":\"object\",\"properties\":{}}"));
  }

  @Test
  void underTheToolSettingAFunctionsStrictIsNotPassedOnAndNoOutputFormatIsSent() throws Exception {
    AnthropicProvider tool = provider(StructuredOutput.TOOL);
    fake.json(200, AnthropicWire.textMessage("ok"));
    fake.json(200, AnthropicWire.toolUseMessage("toolu_01", "person", ANSWER));

    tool.chat(withTools(), context());
    tool.chat(request(schema()), context());

    assertThat(read(fake.takeRequest().body()).path("tools")).allSatisfy(t -> assertThat(t.has("strict")).isFalse());
    JsonNode schemaCall = read(fake.takeRequest().body());
    assertThat(schemaCall.has("output_config")).isFalse();
    assertThat(schemaCall.at("/tool_choice/name").asText()).isEqualTo("person");
  }

  private AnthropicProvider provider(StructuredOutput structuredOutput) {
    return new AnthropicProvider("claude", fake.rootUrl(), "sk-ant-test", 1024, Map.of(),
        Transport.create(Duration.ofSeconds(2)), structuredOutput);
  }

  private static ChatRequest withTools() {
    List<Tool> tools = List.of(
        new Tool("function", new Tool.Function("strict_one", null, PERSON, true)),
        new Tool("function", new Tool.Function("loose_one", null, PERSON, false)),
        new Tool("function", new Tool.Function("plain_one", null, PERSON, null)));
    return request(null).toBuilder().tools(tools).build();
  }

  private static Map<String, Object> schema() {
    return Map.of("type", "json_schema", "json_schema", Map.of("name", "person", "strict", true, "schema", PERSON));
  }

  private static ChatRequest request(Map<String, Object> responseFormat) {
    return ChatRequest.builder().model("claude-sonnet-4-5").messages(List.of(Message.user("Who was Ada?")))
        .maxTokens(200).responseFormat(responseFormat).build();
  }

  private static CallContext context() {
    return CallContext.withTimeout("trace-native", Duration.ofSeconds(10));
  }
}
