package dev.apprentice.server.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import org.junit.jupiter.api.Test;

/** A chat check's parameter names, told as the Responses request's own fields. */
class ResponsesParamsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** instructions, a user message with an image, a turn of text and two calls, their outputs. */
  private static final String CONVERSATION = """
      {"model":"m","instructions":"Be brief.","input":[
        {"role":"user","content":[{"type":"input_text","text":"Weather?"},{"type":"input_image","image_url":"https://x/a.png"}]},
        {"role":"assistant","content":"Checking."},
        {"type":"function_call","call_id":"c1","name":"weather","arguments":"{}"},
        {"type":"function_call","call_id":"c2","name":"weather","arguments":"{}"},
        {"type":"function_call_output","call_id":"c1","output":"21"},
        {"type":"function_call_output","call_id":"c2","output":[{"type":"input_text","text":"25"}]},
        {"type":"function_call","call_id":"c3","name":"time","arguments":"{}"}]}""";

  private static ResponsesParams params(String json) throws Exception {
    return ResponsesRequest.read(JSON.readTree(json), JSON).params();
  }

  @Test
  void eachChatMessageIsNamedByTheInputItemItCameFrom() throws Exception {
    ResponsesParams params = params(CONVERSATION);

    assertThat(params.of("messages[0].content", 0)).isEqualTo("instructions");
    assertThat(params.of("messages[1].role", 0)).isEqualTo("input[0].role");
    assertThat(params.of("messages[1].content[1].image_url.url", 0)).isEqualTo("input[0].content[1].image_url");
    assertThat(params.of("messages[1].content[0].text", 0)).isEqualTo("input[0].content[0].text");
    assertThat(params.of("messages[2].content", 0)).isEqualTo("input[1].content");
    assertThat(params.of("messages[3].tool_call_id", 0)).isEqualTo("input[4].call_id");
    assertThat(params.of("messages[4].content[0].text", 0)).isEqualTo("input[5].output[0].text");
    assertThat(params.of("messages[4].content", 0)).isEqualTo("input[5].output");
  }

  @Test
  void aToolCallIsNamedByItsFunctionCallItem() throws Exception {
    ResponsesParams params = params(CONVERSATION);

    assertThat(params.of("messages[2].tool_calls[1].id", 0)).isEqualTo("input[3].call_id");
    assertThat(params.of("messages[2].tool_calls[0].function.name", 0)).isEqualTo("input[2].name");
    assertThat(params.of("messages[2].tool_calls[1].function.arguments", 0)).isEqualTo("input[3].arguments");
    assertThat(params.of("messages[5]", 0)).as("an assistant turn of calls alone").isEqualTo("input[6]");
    assertThat(params.of("messages[5].tool_calls[0].id", 0)).isEqualTo("input[6].call_id");
  }

  @Test
  void theChatRequestsOwnFieldsAreNamedAsTheResponsesApiNamesThem() throws Exception {
    ResponsesParams params = params("{\"model\":\"m\",\"input\":\"Hi\"}");

    assertThat(params.of("messages", 0)).isEqualTo("input");
    assertThat(params.of("messages[0].content", 0)).isEqualTo("input");
    assertThat(params.of("max_tokens", 0)).isEqualTo("max_output_tokens");
    assertThat(params.of("max_completion_tokens", 0)).isEqualTo("max_output_tokens");
    assertThat(params.of("tools[2].function.name", 0)).isEqualTo("tools[2].name");
    assertThat(params.of("tools[2].function.parameters", 0)).isEqualTo("tools[2].parameters");
    assertThat(params.of("tool_choice.function.name", 0)).isEqualTo("tool_choice.name");
    assertThat(params.of("response_format.json_schema", 0)).isEqualTo("text.format");
    assertThat(params.of("response_format.json_schema.schema", 0)).isEqualTo("text.format.schema");
    assertThat(params.of("reasoning_effort", 0)).isEqualTo("reasoning.effort");
    assertThat(params.of("verbosity", 0)).isEqualTo("text.verbosity");
    assertThat(params.of("temperature", 0)).isEqualTo("temperature");
    assertThat(params.of("logit_bias", 0)).isEqualTo("logit_bias");
  }

  @Test
  void aMessageIsNamedOnlyWhereTheClientsOwnMessagesAreKnownToBegin() throws Exception {
    ResponsesParams params = params("{\"model\":\"prompt:triage\",\"input\":[{\"type\":\"function_call_output\","
        + "\"call_id\":\"c1\",\"output\":\"21\"}]}");

    assertThat(params.of("messages[2].tool_call_id", 2)).as("after two of the prompt's").isEqualTo("input[0].call_id");
    assertThat(params.of("messages[1].content", 2)).as("one of the prompt's").isEqualTo("messages[1].content");
    assertThat(params.of("messages[0].tool_call_id", -1)).as("not known").isEqualTo("messages[0].tool_call_id");
  }

  @Test
  void thePromptObjectsModelAndVariablesAreItsIdAndVariables() throws Exception {
    ResponsesParams object = params("{\"prompt\":{\"id\":\"triage\",\"variables\":{\"ticket\":\"x\"}}}");
    ResponsesParams chatForm = params("{\"model\":\"prompt:triage\",\"variables\":{\"ticket\":\"x\"}}");

    assertThat(object.of("variables.ticket", 0)).isEqualTo("prompt.variables.ticket");
    assertThat(object.of("variables", 0)).isEqualTo("prompt.variables");
    assertThat(object.of("model", 0)).isEqualTo("prompt.id");
    assertThat(chatForm.of("variables.ticket", 0)).isEqualTo("variables.ticket");
    assertThat(chatForm.of("model", 0)).isEqualTo("model");
  }

  @Test
  void anErrorIsToldWithTheResponsesNameInItsParamAndItsMessage() throws Exception {
    ResponsesParams params = params(CONVERSATION);

    GatewayException told = params.told(GatewayException.invalid("messages[3].tool_call_id",
        "'messages[3].tool_call_id' is required for role 'tool'"), 0);
    GatewayException bare = params.told(GatewayException.invalid("max_tokens", "max_tokens must be at least 1"), 0);
    GatewayException same = GatewayException.invalid("temperature", "'temperature' must be between 0 and 2");

    assertThat(told.param()).isEqualTo("input[4].call_id");
    assertThat(told.getMessage()).isEqualTo("'input[4].call_id' is required for role 'tool'");
    assertThat(told.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(bare.getMessage()).isEqualTo("max_output_tokens must be at least 1");
    assertThat(params.told(same, 0)).isSameAs(same);
  }

  @Test
  void everyChatNameInAnErrorsMessageIsToldAsTheResponsesFieldWhereverItStands() throws Exception {
    ResponsesParams params = params(CONVERSATION);

    GatewayException parts = params.told(GatewayException.invalid("messages[1].content[1]", "blocked: messages[1]"
        + ".content[1] is an image sent as data, messages[4].content[0] is a file: unreadable"), 0);
    GatewayException effort = params.told(GatewayException.invalid("reasoning_effort",
        "unknown reasoning_effort 'extreme': use low, medium or high"), 0);
    GatewayException word = params.told(GatewayException.invalid("messages", "the messages are too many"), 0);

    assertThat(parts.param()).isEqualTo("input[0].content[1]");
    assertThat(parts.getMessage())
        .isEqualTo("blocked: input[0].content[1] is an image sent as data, input[5].output[0] is a file: unreadable");
    assertThat(effort.getMessage()).isEqualTo("unknown reasoning.effort 'extreme': use low, medium or high");
    assertThat(word.getMessage()).as("a plain word is renamed only where it is quoted or begins the message")
        .isEqualTo("the messages are too many");
  }

  @Test
  void theTextOfATurnBegunByCallsIsNamedByTheItemJoinedOntoIt() throws Exception {
    ResponsesParams params = params("""
        {"model":"m","input":[
          {"type":"function_call","call_id":"c1","name":"weather","arguments":"{}"},
          {"role":"assistant","content":"Checking."},
          {"type":"function_call_output","call_id":"c1","output":"21"}]}""");

    assertThat(params.of("messages[0].content", 0)).isEqualTo("input[1].content");
    assertThat(params.of("messages[0].tool_calls[0].id", 0)).isEqualTo("input[0].call_id");
    assertThat(params.of("messages[0]", 0)).isEqualTo("input[0]");
  }

  @Test
  void theTextOfATurnBegunByAMessageIsNamedByThatMessageEvenWithTextJoinedAfterItsCalls() throws Exception {
    ResponsesParams params = params("""
        {"model":"m","input":[
          {"role":"assistant","content":"Checking."},
          {"type":"function_call","call_id":"c1","name":"weather","arguments":"{}"},
          {"role":"assistant","content":" Still checking."},
          {"type":"function_call_output","call_id":"c1","output":"21"}]}""");

    assertThat(params.of("messages[0].content", 0)).as("the text begins there; a param names no place in it")
        .isEqualTo("input[0].content");
  }
}
