package dev.apprentice.guard.policy;

import static dev.apprentice.guard.Chats.answer;
import static dev.apprentice.guard.Chats.request;
import static dev.apprentice.guard.Chats.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.Message;
import org.junit.jupiter.api.Test;

/**
 * Tool-call arguments are JSON: values are found and replaced in their decoded strings, so an escape next to a value
 * neither joins it nor breaks the JSON, and the same value gets one placeholder wherever it stands.
 */
class ToolCallArgumentsRedactionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EMAIL = "bob@corp.com";

  private static InputCheck redact(String arguments) {
    return new InputGuard(Policies.input(Action.REDACT, Action.OFF))
        .check(request(Message.user("go on"), toolCall("call_1", "send", arguments)));
  }

  private static String sentArguments(InputCheck check) {
    return check.upstream().messages().get(1).toolCalls().getFirst().function().arguments();
  }

  @Test
  void aValueAfterAnEscapedLineBreakIsReplacedWholeAndTheArgumentsStayJson() throws Exception {
    InputCheck check = redact("{\"body\":\"Hi,\\n" + EMAIL + " will join\",\"to\":\"" + EMAIL + "\"}");

    JsonNode sent = JSON.readTree(sentArguments(check));
    assertThat(sent.path("body").asText()).isEqualTo("Hi,\n<EMAIL_1> will join");
    assertThat(sent.path("to").asText()).isEqualTo("<EMAIL_1>");
    assertThat(check.session().placeholders()).containsExactly(java.util.Map.entry("<EMAIL_1>", EMAIL));
  }

  @Test
  void unicodeEscapesAsPythonWritesThemAreReadAsTheCharactersTheyStandFor() throws Exception {
    InputCheck check = redact("{\"name\":\"Zo\\u00eb\",\"email\":\"zo\\u00eb.o@corp.com\"}");

    JsonNode sent = JSON.readTree(sentArguments(check));
    assertThat(sent.path("email").asText()).isEqualTo("<EMAIL_1>");
    assertThat(sent.path("name").asText()).isEqualTo("Zoë");
    assertThat(check.session().placeholders()).containsValue("zoë.o@corp.com");
  }

  @Test
  void aNumberThatIsACardNumberBecomesAStringHoldingItsPlaceholder() throws Exception {
    InputCheck check = redact("{\"card\": 4111111111111111, \"amount\": 12.5}");

    JsonNode sent = JSON.readTree(sentArguments(check));
    assertThat(sent.path("card").asText()).isEqualTo("<CREDIT_CARD_1>");
    assertThat(sent.path("amount").asDouble()).isEqualTo(12.5);
  }

  @Test
  void argumentsThatAreNotJsonAreRedactedAsPlainText() {
    assertThat(sentArguments(redact("send it to " + EMAIL))).isEqualTo("send it to <EMAIL_1>");
    assertThat(sentArguments(redact("{\"to\":\"" + EMAIL))).isEqualTo("{\"to\":\"<EMAIL_1>");
  }

  @Test
  void theAnswersToolCallGetsTheValueBackEscapedForJson() throws Exception {
    InputCheck check = redact("{\"body\":\"Hi,\\n" + EMAIL + "\"}");

    String restored = OutputGuard.restore(answer(Message.assistant(null, java.util.List.of(
        dev.apprentice.api.ToolCall.function("call_2", "send", "{\"to\":\"<EMAIL_1>\"}")))), check.session())
        .choices().getFirst().message().toolCalls().getFirst().function().arguments();

    assertThat(JSON.readTree(restored).path("to").asText()).isEqualTo(EMAIL);
  }
  @Test
  void anAnswersToolCallWhoseBracketsAreUnicodeEscapesAsGoWritesThemGetsTheValueBack() throws Exception {
    InputCheck check = redact("{\"to\":\"" + EMAIL + "\"}");

    String restored = OutputGuard.restore(answer(Message.assistant(null, java.util.List.of(
        dev.apprentice.api.ToolCall.function("call_2", "find", "{\"q\": \"email \\u003cEMAIL_1\\u003e\"}")))),
        check.session()).choices().getFirst().message().toolCalls().getFirst().function().arguments();

    assertThat(JSON.readTree(restored).path("q").asText()).isEqualTo("email " + EMAIL);
  }
}
