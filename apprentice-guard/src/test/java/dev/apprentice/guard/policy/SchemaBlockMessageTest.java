package dev.apprentice.guard.policy;

import static dev.apprentice.guard.Chats.answer;
import static dev.apprentice.guard.Chats.jsonSchema;
import static dev.apprentice.guard.Chats.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.guard.output.JsonSchemaCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A schema failure is judged on the answer the caller would get (values put back), but the 422 message, which the
 * trace keeps, quotes the answer as the upstream wrote it: placeholders, never the caller's values.
 */
class SchemaBlockMessageTest {

  private static final String EMAIL = "bob@corp.com";
  private static final String IBAN = "DE89370400440532013000";
  private static final GuardPolicy POLICY = Policies.output(Action.REDACT, Action.OFF, Action.BLOCK, false);

  private static OutputCheck check(Map<String, Object> schema, String upstreamAnswer) {
    ChatRequest request = request(jsonSchema(schema), Message.user("I am " + EMAIL + ", my IBAN is " + IBAN));
    InputCheck in = new InputGuard(POLICY).check(request);
    return new OutputGuard(POLICY, new JsonSchemaCheck()).check(request, in, answer(upstreamAnswer), false, false);
  }

  @Test
  void aViolationThatQuotesARestoredValueQuotesItsPlaceholderInstead() {
    OutputCheck out = check(Map.of("type", "object", "additionalProperties", false), "{\"<EMAIL_1>\": 1}");

    assertThat(out.blocked()).isTrue();
    assertThat(out.blockedMessage()).contains("<EMAIL_1>").doesNotContain(EMAIL);
  }

  @Test
  void anAnswerThatIsNotJsonIsReportedWithoutTheValueItStartsWith() {
    OutputCheck out = check(Map.of("type", "object"), "<IBAN_CODE_1> is the IBAN you gave");

    assertThat(out.blocked()).isTrue();
    assertThat(out.blockedMessage()).contains("not JSON").doesNotContain(IBAN);
  }

  @Test
  void aViolationOnlyTheRestoredValueHasIsCountedWithoutBeingShown() {
    Map<String, Object> shortNames = Map.of("type", "object",
        "properties", Map.of("e", Map.of("type", "string", "maxLength", 10)));

    OutputCheck out = check(shortNames, "{\"e\": \"<EMAIL_1>\"}");

    assertThat(out.blocked()).isTrue();
    assertThat(out.blockedMessage()).contains("1 violation").doesNotContain(EMAIL);
  }
}
