package dev.apprentice.providers.anthropic;

import static dev.apprentice.providers.anthropic.AnthropicWire.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which schemas become a forced tool as they are, which wrapped, and which stay a request in the system prompt. */
class AnthropicAnswerToolTest {

  private final AnthropicRequests requests = new AnthropicRequests(1024);

  @Test
  void anObjectSchemaWithATopLevelUnionIsWrappedSinceAnthropicRefusesOneAtTheRootOfAnInputSchema() {
    var tool = AnthropicAnswerTool.of(schema("pick", Map.of("type", "object",
        "anyOf", List.of(Map.of("required", List.of("a")), Map.of("required", List.of("b"))))));

    assertThat(tool.wrapped()).isTrue();
    assertThat(tool.inputSchema().path("anyOf").isMissingNode()).isTrue();
    assertThat(tool.inputSchema().at("/properties/value/anyOf")).hasSize(2);
  }

  @Test
  void aWrappedSchemasDefinitionsMoveUpBesideTheWrapperSoThatItsReferencesStillResolve() {
    var tool = AnthropicAnswerTool.of(schema("list", Map.of("type", "array",
        "items", Map.of("$ref", "#/definitions/item"), "definitions", Map.of("item", Map.of("type", "integer")))));

    assertThat(tool.inputSchema().at("/definitions/item/type").asText()).isEqualTo("integer");
    assertThat(tool.inputSchema().at("/properties/value/definitions").isMissingNode()).isTrue();
    assertThat(tool.inputSchema().at("/properties/value/items/$ref").asText()).isEqualTo("#/definitions/item");
  }

  @Test
  void aSchemaThatRefersToItsOwnRootCannotBeWrappedAndIsAskedForInTheSystemPrompt() {
    Map<String, Object> tree = Map.of("type", "array", "items", Map.of("anyOf",
        List.of(Map.of("type", "string"), Map.of("$ref", "#"))));

    ObjectNode body = requests.toAnthropic(request(schema("tree", tree), Message.user("Make a tree")), false);

    assertThat(AnthropicAnswerTool.of(schema("tree", tree))).isNull();
    assertThat(body.has("tools")).isFalse();
    assertThat(body.path("system").asText()).startsWith(AnthropicRequests.JSON_INSTRUCTION).contains("\"$ref\":\"#\"");
  }

  @Test
  void anAssistantPrefillKeepsTheSchemaInTheSystemPromptForTheAnswerToContinueAsText() {
    Map<String, Object> format = Map.of("type", "json_object");

    ObjectNode prefilled = requests.toAnthropic(request(format, Message.user("Colours?"), Message.assistant("{")),
        false);
    ObjectNode forced = requests.toAnthropic(request(format, Message.user("Colours?")), false);

    assertThat(prefilled.has("tool_choice")).isFalse();
    assertThat(prefilled.path("system").asText()).isEqualTo(AnthropicRequests.JSON_INSTRUCTION);
    assertThat(forced.path("tool_choice").path("type").asText()).isEqualTo("tool");
  }

  @Test
  void aSchemaNameAnthropicWouldRefuseOrNoneGivesTheToolTheDefaultName() {
    Map<String, Object> person = Map.of("type", "object");

    assertThat(AnthropicAnswerTool.of(schema("a person!", person)).name()).isEqualTo(AnthropicAnswerTool.DEFAULT_NAME);
    assertThat(AnthropicAnswerTool.of(Map.of("type", "json_schema", "json_schema", Map.of("schema", person))).name())
        .isEqualTo(AnthropicAnswerTool.DEFAULT_NAME);
    assertThat(AnthropicAnswerTool.of(schema("person-v2", person)).name()).isEqualTo("person-v2");
  }

  @Test
  void aWrappedAnswerThatLeftOutTheWrapperIsGivenAsItCame() {
    var tool = AnthropicAnswerTool.of(schema("list", Map.of("type", "array")));

    assertThat(tool.answer(read("{\"value\":[1,2]}"))).isEqualTo("[1,2]");
    assertThat(tool.answer(read("{\"items\":[1,2]}"))).isEqualTo("{\"items\":[1,2]}");
    assertThat(tool.answer("{\"value\": [1")).as("a stream cut short").isEqualTo("{\"value\": [1");
  }

  @Test
  void aTextResponseFormatAsksForNoTool() {
    assertThat(AnthropicAnswerTool.of(Map.of("type", "text"))).isNull();
    assertThat(AnthropicAnswerTool.of(null)).isNull();
  }

  private static Map<String, Object> schema(String name, Map<String, Object> schema) {
    return Map.of("type", "json_schema", "json_schema", Map.of("name", name, "schema", schema));
  }

  private static ChatRequest request(Map<String, Object> responseFormat, Message... messages) {
    return ChatRequest.builder().model("claude-sonnet-4-5").messages(List.of(messages)).responseFormat(responseFormat)
        .build();
  }
}
