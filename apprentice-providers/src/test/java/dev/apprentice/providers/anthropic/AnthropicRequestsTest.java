package dev.apprentice.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Content;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Message;
import dev.apprentice.api.Tool;
import dev.apprentice.api.ToolCall;
import dev.apprentice.api.UnsupportedRequestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests Anthropic cannot take are rejected before any call, naming the parameter at fault. */
class AnthropicRequestsTest {

  private final AnthropicRequests requests = new AnthropicRequests(1024);

  @Test
  void unparseableToolArgumentsAreLeftToAnotherTargetNamingTheParameter() {
    var call = ToolCall.function("toolu_1", "get_weather", "{\"city\": \"Paris\"");
    var messages = List.of(Message.user("hi"), Message.assistant("hello"), Message.user("weather?"),
        Message.assistant(null, List.of(call)));

    assertUnsupported(request(messages), "messages[3].tool_calls[0].function.arguments");
  }

  @Test
  void toolArgumentsThatAreNotAnObjectAreLeftToAnotherTarget() {
    var call = ToolCall.function("toolu_1", "get_weather", "[\"Paris\"]");
    assertUnsupported(request(List.of(Message.user("hi"), Message.assistant(null, List.of(call)))),
        "messages[1].tool_calls[0].function.arguments");
  }

  @Test
  void emptyToolArgumentsBecomeAnEmptyInput() {
    var call = ToolCall.function("toolu_1", "get_time", "");
    var body = requests.toAnthropic(request(List.of(Message.user("time?"), Message.assistant(null, List.of(call)),
        Message.tool("toolu_1", "12:00"))), false);

    assertThat(body.at("/messages/1/content/0/input").isObject()).isTrue();
    assertThat(body.at("/messages/1/content/0/input").isEmpty()).isTrue();
  }

  @Test
  void theFunctionRoleIsLeftToAnotherTargetNamingTheParameter() {
    var function = new Message("function", Content.text("42"), "calc", null, null, null, null);
    assertUnsupported(request(List.of(Message.user("hi"), function)), "messages[1].role");
  }

  @Test
  void aMissingRoleIsRejected() {
    assertInvalid(request(List.of(new Message(null, Content.text("hi"), null, null, null, null, null))),
        "messages[0].role");
  }

  @Test
  void emptyUserContentIsLeftToAnotherTarget() {
    assertUnsupported(request(List.of(Message.user(""))), "messages[0].content");
    assertUnsupported(request(List.of(Message.user("   "))), "messages[0].content");
    assertUnsupported(request(List.of(new Message("user", null, null, null, null, null, null))), "messages[0].content");
    assertUnsupported(request(List.of(new Message("user", Content.parts(List.of()), null, null, null, null, null))),
        "messages[0].content");
  }

  @Test
  void anAssistantMessageWithNeitherTextNorToolCallsIsLeftToAnotherTarget() {
    assertUnsupported(request(List.of(Message.user("hi"), Message.assistant(""), Message.user("again"))),
        "messages[1].content");
  }

  @Test
  void thinkingBlocksThatAreNotAListOfThinkingBlocksAreLeftToAnotherTargetNamingTheParameter() {
    assertUnsupported(request(List.of(Message.user("hi"), withThinkingBlocks("signed"), Message.user("again"))),
        "messages[1].thinking_blocks");
    assertUnsupported(request(List.of(Message.user("hi"), withThinkingBlocks(List.of(Map.of("type", "text", "text", "x"))),
        Message.user("again"))), "messages[1].thinking_blocks[0]");
    assertUnsupported(request(List.of(Message.user("hi"), withThinkingBlocks(List.of("thinking")), Message.user("again"))),
        "messages[1].thinking_blocks[0]");
    assertUnsupported(request(List.of(Message.user("hi"), withThinkingBlocks(java.util.Arrays.asList((Object) null)),
        Message.user("again"))), "messages[1].thinking_blocks[0]");
  }

  @Test
  void anEmptySystemMessageIsLeftToAnotherTarget() {
    assertUnsupported(request(List.of(Message.system(""), Message.user("hi"))), "messages[0].content");
  }

  @Test
  void aConversationOfOnlySystemMessagesIsLeftToAnotherTarget() {
    assertUnsupported(request(List.of(Message.system("be brief"))), "messages");
    assertUnsupported(request(List.of(Message.system("be brief"),
        new Message("developer", Content.text("in French"), null, null, null, null, null))), "messages");
    assertInvalid(request(List.of()), "messages");
  }

  @Test
  void aToolMessageWithoutItsToolCallIdIsRejected() {
    assertInvalid(request(List.of(Message.user("hi"), Message.tool(null, "18°C"))), "messages[1].tool_call_id");
  }

  @Test
  void aToolMessageAnsweringNoCallOfTheAssistantMessageBeforeItIsRejectedNamingIt() {
    var call = ToolCall.function("toolu_1", "get_weather", "{}");
    assertInvalid(request(List.of(Message.user("hi"), Message.tool("toolu_1", "18°C"))), "messages[1].tool_call_id");
    assertInvalid(request(List.of(Message.user("hi"), Message.assistant(null, List.of(call)),
        Message.tool("toolu_1", "18°C"), Message.tool("toolu_9", "24°C"))), "messages[3].tool_call_id");
    assertInvalid(request(List.of(Message.user("hi"), Message.assistant(null, List.of(call)),
        Message.tool("toolu_1", "18°C"), Message.assistant("Paris is mild."), Message.user("and now?"),
        Message.tool("toolu_1", "19°C"))), "messages[5].tool_call_id");
  }

  @Test
  void aToolCallAnsweredTwiceIsRejectedNamingTheSecondAnswer() {
    var call = ToolCall.function("toolu_1", "get_weather", "{}");
    assertThatThrownBy(() -> requests.toAnthropic(request(List.of(Message.user("hi"),
        Message.assistant(null, List.of(call)), Message.tool("toolu_1", "18°C"), Message.tool("toolu_1", "19°C"))),
        false))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.param()).isEqualTo("messages[3].tool_call_id");
          assertThat(e.getMessage()).contains("already answered by messages[2]");
        });
  }

  @Test
  void aToolCallStillUnansweredWhenTheNextAssistantMessageComesIsRejectedNamingTheCall() {
    var calls = List.of(ToolCall.function("toolu_1", "get_weather", "{}"),
        ToolCall.function("toolu_2", "get_time", "{}"));
    assertThatThrownBy(() -> requests.toAnthropic(request(List.of(Message.user("hi"),
        Message.assistant(null, calls), Message.tool("toolu_1", "18°C"), Message.user("skip the time"),
        Message.assistant("It is 18°C."))), false))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e).isNotInstanceOf(UnsupportedRequestException.class);
          assertThat(e.param()).isEqualTo("messages[1].tool_calls[1].id");
          assertThat(e.getMessage()).contains("'toolu_2'", "before messages[4]");
        });
  }

  @Test
  void aToolCallUnansweredWhenTheConversationEndsAfterAUserMessageIsRejectedNamingTheCall() {
    var call = ToolCall.function("toolu_1", "get_weather", "{}");
    assertInvalid(request(List.of(Message.user("hi"), Message.assistant(null, List.of(call)),
        Message.user("never mind"))), "messages[1].tool_calls[0].id");
  }

  @Test
  void aConversationEndingWithTheAssistantsToolCallsIsSentAsItIs() {
    var call = ToolCall.function("toolu_1", "get_weather", "{}");
    var body = requests.toAnthropic(request(List.of(Message.user("hi"), Message.assistant(null, List.of(call)))), false);

    assertThat(body.at("/messages/1/content/0/type").asText()).isEqualTo("tool_use");
    assertThat(body.at("/messages").size()).isEqualTo(2);
  }

  @Test
  void toolCallsSplitOverConsecutiveAssistantMessagesMakeOneTurnAnsweredInCallOrder() {
    var body = requests.toAnthropic(request(List.of(Message.user("hi"),
        Message.assistant(null, List.of(ToolCall.function("toolu_1", "get_weather", "{}"))),
        Message.assistant(null, List.of(ToolCall.function("toolu_2", "get_time", "{}"))),
        Message.tool("toolu_2", "12:00"), Message.tool("toolu_1", "18°C"))), false);

    assertThat(body.at("/messages").size()).isEqualTo(3);
    assertThat(body.at("/messages/1/content").findValuesAsText("id")).containsExactly("toolu_1", "toolu_2");
    assertThat(body.at("/messages/2/content").findValuesAsText("tool_use_id")).containsExactly("toolu_1", "toolu_2");
  }

  @Test
  void aToolCallIdUsedTwiceInOneAssistantTurnIsLeftToAnotherTarget() {
    var calls = List.of(ToolCall.function("toolu_1", "get_weather", "{}"),
        ToolCall.function("toolu_1", "get_time", "{}"));
    assertUnsupported(request(List.of(Message.user("hi"), Message.assistant(null, calls))),
        "messages[1].tool_calls[1].id");
  }

  @Test
  void aFileSentByIdIsLeftToAnotherTargetNamingThePart() {
    var byId = file(Map.of("file_id", "file-abc123", "filename", "report.pdf"));
    assertUnsupported(request(List.of(userWith(ContentPart.text("summarise"), byId))),
        "messages[0].content[1].file.file_id");
  }

  @Test
  void aFileAnthropicCannotReadIsLeftToAnotherTargetNamingItsData() {
    for (String data : List.of("data:image/png;base64,iVBORw0KGgo=", "data:text/csv;base64,YSxiCg==",
        "https://example.org/report.pdf", "data:application/pdf,%25PDF-1.4", "data:application/pdf;base64,",
        "data:text/plain;base64,not base64!", "data:text/plain;charset=klingon;base64,aGk=")) {
      assertUnsupported(request(List.of(userWith(ContentPart.text("read this"), file(Map.of("file_data", data))))),
          "messages[0].content[1].file.file_data");
    }
    assertUnsupported(request(List.of(userWith(file(Map.of("filename", "a.pdf"))))),
        "messages[0].content[0].file.file_data");
    assertUnsupported(request(List.of(userWith(new ContentPart("file", null, null, Map.of("file", "a.pdf"))))),
        "messages[0].content[0].file");
  }

  @Test
  void aFileInASystemMessageIsLeftToAnotherTarget() {
    var pdf = file(Map.of("file_data", "data:application/pdf;base64,JVBERi0xLjQK"));
    var system = new Message("system", Content.parts(List.of(pdf)), null, null, null, null, null);
    assertUnsupported(request(List.of(system, Message.user("hi"))), "messages[0].content[0].type");
  }

  @Test
  void aPlainTextFileNotInBase64IsPercentDecoded() {
    var text = file(Map.of("file_data", "data:text/plain,1+1%20is%202%0A"));
    var body = requests.toAnthropic(request(List.of(userWith(text))), false);

    assertThat(body.at("/messages/0/content/0/source/data").asText()).isEqualTo("1+1 is 2\n");
  }

  @Test
  void aToolCallWithoutIdOrNameIsLeftToAnotherTarget() {
    var noId = new ToolCall(null, null, "function", new ToolCall.FunctionCall("f", "{}"));
    var noName = new ToolCall(null, "toolu_1", "function", new ToolCall.FunctionCall(null, "{}"));
    assertUnsupported(request(List.of(Message.user("hi"), Message.assistant(null, List.of(noId)))),
        "messages[1].tool_calls[0].id");
    assertUnsupported(request(List.of(Message.user("hi"), Message.assistant(null, List.of(noName)))),
        "messages[1].tool_calls[0].function.name");
  }

  @Test
  void anImageThatIsNeitherAnHttpUrlNorABase64DataUrlOfATypeAnthropicReadsIsLeftToAnotherTarget() {
    for (String url : List.of("ftp://example.org/cat.png", "data:image/png,notbase64", "data:text/plain;base64,aGk=",
        "data:image/png;base64,", "data:image/svg+xml;base64,PHN2Zy8+", "data:image/bmp;base64,Qk0=")) {
      var parts = Content.parts(List.of(ContentPart.text("look"), ContentPart.image(url)));
      assertUnsupported(request(List.of(new Message("user", parts, null, null, null, null, null))),
          "messages[0].content[1].image_url.url");
    }
  }

  @Test
  void anUnsupportedContentPartIsRejectedNamingItsType() {
    var audio = new ContentPart("input_audio", null, null, Map.of("input_audio", Map.of("data", "AAAA")));
    assertUnsupported(request(List.of(new Message("user", Content.parts(List.of(audio)), null, null, null, null, null))),
        "messages[0].content[0].type");
  }

  @Test
  void aRefusalPartOutsideAnAssistantMessageIsLeftToAnotherTarget() {
    var refusal = new ContentPart("refusal", null, null, Map.of("refusal", "No."));
    var user = new Message("user", Content.parts(List.of(refusal)), null, null, null, null, null);
    assertUnsupported(request(List.of(user)), "messages[0].content[0].type");
  }

  @Test
  void anImageInASystemMessageIsLeftToAnotherTarget() {
    var parts = Content.parts(List.of(ContentPart.image("https://example.org/cat.png")));
    assertUnsupported(request(List.of(new Message("system", parts, null, null, null, null, null), Message.user("hi"))),
        "messages[0].content[0].type");
  }

  @Test
  void aSystemPromptInPartsWithRetrievedContextAsItsLastPartIsOneSystemWithTheCacheMarkKeptBeforeTheContext() {
    ContentPart cached = new ContentPart("text", "Answer from the handbook.", null,
        new java.util.LinkedHashMap<>(Map.of("cache_control", Map.of("type", "ephemeral"))));
    ContentPart context = ContentPart.text("<passage id=\"cards.md#0\">\nReset a PIN.\n</passage>");

    var plain = requests.toAnthropic(request(List.of(new Message("system", Content.parts(List.of(
        ContentPart.text("You are the bank's assistant."), context)), null, null, null, null, null),
        Message.user("PIN?"))), false);
    var marked = requests.toAnthropic(request(List.of(new Message("system", Content.parts(List.of(cached, context)),
        null, null, null, null, null), Message.user("PIN?"))), false);

    assertThat(plain.path("system").asText()).as("joined as a plain-text system prompt with its context is")
        .isEqualTo("You are the bank's assistant.\n\n" + context.text());
    assertThat(marked.path("system")).hasSize(2);
    assertThat(marked.at("/system/0/cache_control/type").asText()).isEqualTo("ephemeral");
    assertThat(marked.at("/system/1/text").asText()).isEqualTo(context.text());
    assertThat(marked.at("/system/1").has("cache_control")).isFalse();
    assertThat(marked.path("messages")).hasSize(1);
  }

  @Test
  void moreThanOneChoiceIsRejected() {
    var request = request(List.of(Message.user("hi"))).toBuilder().n(2).build();
    assertUnsupported(request, "n");
  }

  @Test
  void legacyFunctionsAndWebSearchOptionsAreLeftToAnotherTargetRatherThanDropped() {
    var functions = request(List.of(Message.user("hi")));
    functions.extra().put("functions", List.of(Map.of("name", "get_weather", "parameters", Map.of("type", "object"))));
    functions.extra().put("function_call", "auto");
    assertUnsupported(functions, "functions");
    var search = request(List.of(Message.user("news?")));
    search.extra().put("web_search_options", Map.of());
    assertUnsupported(search, "web_search_options");
  }

  @Test
  void aToolChoiceForcingACallWithThinkingOnIsLeftToAnotherTargetNamingTheToolChoice() {
    var tool = new Tool("function", new Tool.Function("f", null, null, null));
    var request = request(List.of(Message.user("hi"))).toBuilder().tools(List.of(tool)).maxTokens(8000).build();
    request.extra().put("reasoning_effort", "low");
    assertUnsupported(request.toBuilder().toolChoice("required").build(), "tool_choice");
    assertUnsupported(request.toBuilder().toolChoice(Map.of("type", "function", "function", Map.of("name", "f")))
        .build(), "tool_choice");
    assertThat(requests.toAnthropic(request.toBuilder().toolChoice("auto").build(), false).at("/thinking/type")
        .asText()).isEqualTo("enabled");
    var explicit = request(List.of(Message.user("hi"))).toBuilder().tools(List.of(tool)).maxTokens(8000)
        .toolChoice("required").build();
    explicit.extra().put("thinking", Map.of("type", "enabled", "budget_tokens", 2048));
    assertUnsupported(explicit, "tool_choice");
    explicit.extra().put("thinking", Map.of("type", "disabled"));
    assertThat(requests.toAnthropic(explicit, false).at("/tool_choice/type").asText()).isEqualTo("any");
  }

  @Test
  void anUnknownToolChoiceIsLeftToAnotherTarget() {
    var tool = new Tool("function", new Tool.Function("f", null, null, null));
    var request = request(List.of(Message.user("hi"))).toBuilder().tools(List.of(tool)).toolChoice("sometimes")
        .build();
    assertUnsupported(request, "tool_choice");
    var allowedTools = request.toBuilder().toolChoice(Map.of("type", "allowed_tools")).build();
    assertUnsupported(allowedTools, "tool_choice");
    assertUnsupported(request(List.of(Message.user("hi"))).toBuilder().toolChoice("required").build(), "tool_choice");
  }

  @Test
  void aJsonSchemaResponseFormatWithoutASchemaOrAnUnknownTypeIsLeftToAnotherTarget() {
    var request = request(List.of(Message.user("hi"))).toBuilder()
        .responseFormat(Map.of("type", "json_schema", "json_schema", Map.of("name", "x"))).build();
    assertUnsupported(request, "response_format.json_schema.schema");
    assertUnsupported(request.toBuilder().responseFormat(Map.of("type", "grammar")).build(), "response_format.type");
  }

  @Test
  void theDefaultMaxTokensIsSentWhenTheCallerGivesNone() {
    assertThat(requests.toAnthropic(request(List.of(Message.user("hi"))), false).get("max_tokens").asInt())
        .isEqualTo(1024);
  }

  @Test
  void aThinkingBudgetNotBelowTheCallersLimitIsRefusedNamingTheBudget() {
    assertUnsupported(thinking(2000, 2000), "thinking.budget_tokens");
    assertUnsupported(thinking(1500, 2000), "thinking.budget_tokens");
    assertThat(requests.toAnthropic(thinking(2001, 2000), false).get("max_tokens").asInt()).isEqualTo(2001);
  }

  @Test
  void aThinkingBudgetWithoutALimitGetsTheDefaultAsRoomForTheAnswerButNeverMoreThanTheGatewaysCap() {
    assertThat(requests.toAnthropic(thinking(null, 3000), false, null).get("max_tokens").asInt()).isEqualTo(4024);
    assertThat(requests.toAnthropic(thinking(null, 3000), false, 9000).get("max_tokens").asInt()).isEqualTo(4024);
    assertThat(requests.toAnthropic(thinking(null, 3000), false, 3500).get("max_tokens").asInt()).isEqualTo(3500);
  }

  @Test
  void aThinkingBudgetTheGatewaysCapLeavesNoRoomAboveIsRefusedNamingTheBudget() {
    assertThatThrownBy(() -> requests.toAnthropic(thinking(null, 3000), false, 3000))
        .isInstanceOfSatisfying(UnsupportedRequestException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
          assertThat(e.param()).isEqualTo("thinking.budget_tokens");
          assertThat(e.getMessage()).contains("3000", "max_tokens");
        });
  }

  @Test
  void aReasoningEffortTheOutputLimitLeavesNoRoomForIsLeftToAnotherTargetNamingIt() {
    assertUnsupported(effort("low", 1024), "reasoning_effort");
    assertUnsupported(effort("medium", 500), "reasoning_effort");
    assertUnsupported(effort("sometimes", 8000), "reasoning_effort");
    assertThat(requests.toAnthropic(effort("low", 1025), false).at("/thinking/budget_tokens").asInt()).isEqualTo(1024);
  }

  @Test
  void aReasoningEffortWithoutALimitGetsTheDefaultAsRoomForTheAnswerAboveItsBudget() {
    var body = new AnthropicRequests(4096).toAnthropic(effort("medium", null), false);

    assertThat(body.get("max_tokens").asInt()).isEqualTo(4096 + 4096);
    assertThat(body.at("/thinking/budget_tokens").asInt()).isEqualTo(4096);
  }

  @Test
  void aReasoningEffortUnderTheGatewaysCapShrinksItsBudgetToHalfTheCapSoTheAnswerKeepsTheOtherHalf() {
    var roomy = new AnthropicRequests(4096).toAnthropic(effort("high", null), false, 30_000);
    var tight = new AnthropicRequests(4096).toAnthropic(effort("high", null), false, 3000);

    assertThat(roomy.get("max_tokens").asInt()).isEqualTo(16384 + 4096);
    assertThat(roomy.at("/thinking/budget_tokens").asInt()).isEqualTo(16384);
    assertThat(tight.get("max_tokens").asInt()).isEqualTo(3000);
    assertThat(tight.at("/thinking/budget_tokens").asInt()).isEqualTo(1500);
    var defaultCap = new AnthropicRequests(4096).toAnthropic(effort("medium", null), false, 4096);
    assertThat(defaultCap.at("/thinking/budget_tokens").asInt()).as("the default reservation of a budgeted caller")
        .isEqualTo(2048);
    assertThatThrownBy(() -> new AnthropicRequests(4096).toAnthropic(effort("low", null), false, 1024))
        .isInstanceOfSatisfying(UnsupportedRequestException.class,
            e -> assertThat(e.param()).isEqualTo("reasoning_effort"));
  }

  private static ChatRequest effort(String effort, Integer maxTokens) {
    Map<String, Object> extra = new java.util.HashMap<>();
    extra.put("reasoning_effort", effort);
    return ChatRequest.builder().model("claude-sonnet-4-5").messages(List.of(Message.user("think")))
        .maxCompletionTokens(maxTokens).extra(extra).build();
  }

  private static ChatRequest thinking(Integer maxTokens, int budget) {
    Map<String, Object> extra = new java.util.HashMap<>();
    extra.put("thinking", Map.of("type", "enabled", "budget_tokens", budget));
    return ChatRequest.builder().model("claude-sonnet-4-5").messages(List.of(Message.user("think")))
        .maxTokens(maxTokens).extra(extra).build();
  }

  private static ContentPart file(Map<String, Object> file) {
    return new ContentPart("file", null, null, Map.of("file", file));
  }

  private static Message userWith(ContentPart... parts) {
    return new Message("user", Content.parts(List.of(parts)), null, null, null, null, null);
  }

  private static Message withThinkingBlocks(Object blocks) {
    Message message = Message.assistant("hello");
    message.extra().put("thinking_blocks", blocks);
    return message;
  }

  private ChatRequest request(List<Message> messages) {
    return ChatRequest.builder().model("claude-sonnet-4-5").messages(messages).build();
  }

  /** Invalid for any provider: answered 400 at once, no other target tried. */
  private void assertInvalid(ChatRequest request, String param) {
    assertThatThrownBy(() -> requests.toAnthropic(request, false))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e).isNotInstanceOf(UnsupportedRequestException.class);
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
          assertThat(e.param()).isEqualTo(param);
        });
  }

  /** Valid OpenAI that Anthropic cannot take: the router tries the model's next target, 400 naming it if none. */
  private void assertUnsupported(ChatRequest request, String param) {
    assertThatThrownBy(() -> requests.toAnthropic(request, false))
        .isInstanceOfSatisfying(UnsupportedRequestException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
          assertThat(e.param()).isEqualTo(param);
        });
  }
}
