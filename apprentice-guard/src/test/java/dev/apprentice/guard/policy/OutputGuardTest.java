package dev.apprentice.guard.policy;

import static dev.apprentice.guard.Chats.answer;
import static dev.apprentice.guard.Chats.jsonSchema;
import static dev.apprentice.guard.Chats.request;
import static dev.apprentice.guard.Chats.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Message;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.output.JsonSchemaCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputGuardTest {

  private static final String CALLER_EMAIL = "jane.doe@example.com";
  private static final String OTHER_EMAIL = "support@acme-bank.example.org";
  private static final Map<String, Object> PERSON = Map.of("type", "object",
      "properties", Map.of("name", Map.of("type", "string"), "age", Map.of("type", "integer")),
      "required", List.of("name", "age"), "additionalProperties", false);

  private final JsonSchemaCheck schemas = new JsonSchemaCheck();

  private OutputCheck check(GuardPolicy policy, ChatRequest request, ChatResponse upstream, boolean streamed) {
    InputCheck in = new InputGuard(policy).check(request);
    return new OutputGuard(policy, schemas).check(request, in, upstream, streamed, true);
  }

  @Test
  void personalDataTheCallerSentIsNotFlaggedButNewPersonalDataIs() {
    GuardPolicy policy = Policies.output(Action.OFF, Action.FLAG, Action.OFF, false);
    ChatRequest request = request(Message.user("My address is " + CALLER_EMAIL));

    OutputCheck echoed = check(policy, request, answer("Noted: " + CALLER_EMAIL), false);
    OutputCheck leaked = check(policy, request, answer("Ask " + OTHER_EMAIL + " instead"), false);

    assertThat(echoed.verdicts()).singleElement().extracting(GuardVerdict::action).isEqualTo("pass");
    assertThat(leaked.verdicts()).singleElement().satisfies(v -> {
      assertThat(v.direction()).isEqualTo("output");
      assertThat(v.action()).isEqualTo("flag");
      assertThat(v.findings()).containsEntry("EMAIL_ADDRESS", 1);
    });
    assertThat(leaked.forCaller().text()).isEqualTo("Ask " + OTHER_EMAIL + " instead");
  }

  @Test
  void outputRedactionIsOneWayAndContinuesTheInputsNumbering() {
    GuardPolicy policy = Policies.output(Action.REDACT, Action.REDACT, Action.OFF, false);
    ChatRequest request = request(Message.user("Forward " + CALLER_EMAIL));
    InputCheck in = new InputGuard(policy).check(request);
    ChatResponse upstream = answer("Forwarded <EMAIL_1> to " + OTHER_EMAIL);

    OutputCheck out = new OutputGuard(policy, schemas).check(request, in, upstream, false, true);

    assertThat(out.forCaller().text()).isEqualTo("Forwarded " + CALLER_EMAIL + " to <EMAIL_2>");
    assertThat(out.forTrace().text()).isEqualTo("Forwarded <EMAIL_1> to <EMAIL_2>");
    assertThat(out.verdicts()).singleElement().extracting(GuardVerdict::action).isEqualTo("redact");
  }

  @Test
  void aChoiceWhoseValueWasRedactedLosesItsLogprobsWhichSpellTheValueTokenByToken() {
    GuardPolicy policy = Policies.output(Action.OFF, Action.REDACT, Action.OFF, false);
    ChatRequest request = request(Message.user("Who handles refunds?"));
    Map<String, Object> logprobs = Map.of("content", List.of(Map.of("token", "Write to ", "logprob", -0.1),
        Map.of("token", OTHER_EMAIL, "logprob", -0.2)));
    ChatResponse upstream = answerWithLogprobs("Write to " + OTHER_EMAIL, logprobs);
    ChatResponse clean = answerWithLogprobs("Write to us", logprobs);

    OutputCheck out = check(policy, request, upstream, false);

    assertThat(out.forCaller().text()).isEqualTo("Write to <EMAIL_1>");
    assertThat(out.forCaller().choices().getFirst().logprobs()).isNull();
    assertThat(out.forTrace().choices().getFirst().logprobs()).isNull();
    assertThat(check(policy, request, clean, false).forCaller().choices().getFirst().logprobs()).isEqualTo(logprobs);
  }

  private static ChatResponse answerWithLogprobs(String text, Object logprobs) {
    ChatResponse plain = answer(text);
    ChatResponse.Choice choice = plain.choices().getFirst();
    return new ChatResponse(plain.id(), plain.object(), plain.created(), plain.model(),
        List.of(new ChatResponse.Choice(choice.index(), choice.message(), choice.finishReason(), logprobs, Map.of())),
        plain.usage(), plain.systemFingerprint(), plain.extra());
  }

  @Test
  void aStreamedAnswerCannotBeRedactedAnyMoreSoItIsFlaggedWhileTheTraceKeepsTheRedactedForm() {
    GuardPolicy policy = Policies.output(Action.OFF, Action.REDACT, Action.OFF, false);
    ChatRequest request = request(Message.user("Who handles refunds?"));

    OutputCheck out = check(policy, request, answer("Write to " + OTHER_EMAIL), true);

    assertThat(out.verdicts()).singleElement().extracting(GuardVerdict::action).isEqualTo("flag");
    assertThat(out.forTrace().text()).isEqualTo("Write to <EMAIL_1>");
  }

  @Test
  void placeholdersInToolCallArgumentsAreRestoredAsValidJson() {
    GuardPolicy policy = Policies.output(Action.REDACT, Action.OFF, Action.OFF, false);
    ChatRequest request = request(Message.user("Email " + CALLER_EMAIL));
    InputCheck in = new InputGuard(policy).check(request);

    OutputCheck out = new OutputGuard(policy, schemas).check(request, in,
        answer(toolCall("call_1", "send", "{\"to\":\"<EMAIL_1>\"}")), false, true);

    assertThat(out.forCaller().choices().getFirst().message().toolCalls().getFirst().function().arguments())
        .isEqualTo("{\"to\":\"" + CALLER_EMAIL + "\"}");
  }

  @Test
  void anAnswerThatFailsItsSchemaIsFlaggedOrBlockedWithTheFirstViolation() {
    ChatRequest request = request(jsonSchema(PERSON), Message.user("Make up a person"));
    ChatResponse bad = answer("{\"name\":\"Ada\",\"age\":\"old\"}");

    OutputCheck flagged = check(Policies.output(Action.OFF, Action.OFF, Action.FLAG, false), request, bad, false);
    OutputCheck blocked = check(Policies.output(Action.OFF, Action.OFF, Action.BLOCK, false), request, bad, false);
    OutputCheck fine = check(Policies.output(Action.OFF, Action.OFF, Action.BLOCK, false), request,
        answer("{\"name\":\"Ada\",\"age\":36}"), false);

    assertThat(flagged.blocked()).isFalse();
    assertThat(flagged.verdicts()).singleElement().satisfies(v -> {
      assertThat(v.scanner()).isEqualTo("json_schema");
      assertThat(v.action()).isEqualTo("flag");
      assertThat(v.findings()).containsEntry("SCHEMA_VIOLATION", 1);
    });
    assertThat(blocked.blockedMessage()).startsWith("The answer was blocked by a guardrail: scanner 'json_schema' found "
        + "1 SCHEMA_VIOLATION (the answer does not match the requested JSON schema: ").contains("age");
    assertThat(fine.verdicts()).singleElement().extracting(GuardVerdict::action).isEqualTo("pass");
  }

  @Test
  void aSchemaFailureAsksForOneRetryWhenThePolicySaysSoAndOnlyOnce() {
    GuardPolicy policy = Policies.output(Action.OFF, Action.OFF, Action.BLOCK, true);
    ChatRequest request = request(jsonSchema(PERSON), Message.user("Make up a person"));
    InputCheck in = new InputGuard(policy).check(request);
    OutputGuard guard = new OutputGuard(policy, schemas);

    OutputCheck first = guard.check(request, in, answer("not json"), false, true);
    OutputCheck second = guard.check(request, in, answer("not json"), false, false);
    OutputCheck streamed = guard.check(request, in, answer("not json"), true, true);

    assertThat(first.retry()).isTrue();
    assertThat(first.blocked()).isFalse();
    assertThat(first.verdicts()).singleElement().extracting(GuardVerdict::action).isEqualTo("retry");
    assertThat(second.retry()).isFalse();
    assertThat(second.blocked()).isTrue();
    assertThat(streamed.retry()).as("a stream cannot be asked again").isFalse();
    assertThat(streamed.blocked()).isTrue();
  }

  @Test
  void ofSeveralChoicesOneRefusedTheOthersAreJudgedButTheAnswerIsNotAskedAgain() {
    GuardPolicy policy = Policies.output(Action.OFF, Action.OFF, Action.FLAG, true);
    ChatRequest request = request(jsonSchema(PERSON), Message.user("Make up two people"));
    ChatResponse answer = answer("not json");
    ChatResponse both = new ChatResponse(answer.id(), answer.object(), answer.created(), answer.model(), List.of(
        new ChatResponse.Choice(0, Message.assistant("I can't help with that."), "content_filter", null),
        new ChatResponse.Choice(1, Message.assistant("not json"), "stop", null)), answer.usage(), null, null);

    OutputCheck out = check(policy, request, both, false);

    assertThat(out.retry()).as("asking again would ask the refused choice again").isFalse();
    assertThat(out.verdicts()).singleElement().satisfies(v -> {
      assertThat(v.action()).isEqualTo("flag");
      assertThat(v.findings()).containsOnlyKeys("SCHEMA_VIOLATION").containsEntry("SCHEMA_VIOLATION", 1);
    });
  }

  @Test
  void withoutARequestedSchemaTheSchemaCheckDoesNotRun() {
    OutputCheck out = check(Policies.output(Action.OFF, Action.OFF, Action.BLOCK, false),
        request(Message.user("hi")), answer("plain text"), false);

    assertThat(out.verdicts()).isEmpty();
    assertThat(out.blocked()).isFalse();
  }
}
