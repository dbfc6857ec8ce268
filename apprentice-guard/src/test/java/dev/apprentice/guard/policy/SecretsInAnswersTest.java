package dev.apprentice.guard.policy;

import static dev.apprentice.guard.Chats.answer;
import static dev.apprentice.guard.Chats.request;
import static dev.apprentice.guard.Chats.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Message;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.output.JsonSchemaCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The answer read with the secrets scanner beside the PII scanner: a key the model writes that the caller did not
 * send (from its context, a passage, a tool result) is a SECRET, never a phone number read from its digits, and is
 * flagged, refused or replaced whole by the policy's {@code output.secrets}.
 */
class SecretsInAnswersTest {

  /** Built at run time so that no token-shaped literal sits in the sources; never a real credential. */
  private static final String KEY = "sk-" + "proj-" + "4155552671" + "abcdefGHIJKLmnop1234";
  private static final ChatRequest QUESTION = request(Message.user("How do I call the API?"));

  private static OutputCheck check(GuardPolicy policy, ChatRequest request, List<String> retrieved,
      ChatResponse upstream, boolean streamed) {
    InputCheck in = new InputGuard(policy).check(request);
    return new OutputGuard(policy, new JsonSchemaCheck()).check(request, in, retrieved, upstream, streamed, true);
  }

  private static OutputCheck check(GuardPolicy policy, ChatResponse upstream) {
    return check(policy, QUESTION, List.of(), upstream, false);
  }

  private static GuardVerdict verdict(OutputCheck check, String scanner) {
    return check.verdicts().stream().filter(v -> v.scanner().equals(scanner)).findFirst().orElseThrow();
  }

  @Test
  void aKeyInTheAnswerIsASecretAndItsDigitsAreNoPhoneNumber() {
    OutputCheck out = check(Policies.answers(Action.FLAG, Action.FLAG), answer("Use " + KEY + " as the key."));

    assertThat(out.verdicts()).extracting(GuardVerdict::scanner).containsExactly("pii", "secrets");
    assertThat(verdict(out, "pii").action()).isEqualTo("pass");
    assertThat(verdict(out, "pii").findings()).isEmpty();
    assertThat(verdict(out, "secrets").direction()).isEqualTo(GuardVerdict.OUTPUT);
    assertThat(verdict(out, "secrets").action()).isEqualTo("flag");
    assertThat(verdict(out, "secrets").findings()).containsExactly(Map.entry("SECRET", 1));
    assertThat(out.forCaller().text()).isEqualTo("Use " + KEY + " as the key.");
  }

  @Test
  void aKeyTheCallerSentIsNotCountedWhenTheModelWritesItBack() {
    ChatRequest request = request(Message.user("Is " + KEY + " a valid key?"));

    OutputCheck out = check(Policies.answers(Action.OFF, Action.BLOCK), request, List.of(),
        answer("Yes, " + KEY + " looks valid."), false);

    assertThat(out.blocked()).isFalse();
    assertThat(verdict(out, "secrets").action()).isEqualTo("pass");
  }

  @Test
  void aKeyFromARetrievedPassageCountsAsSentLikeItsPersonalValues() {
    OutputCheck out = check(Policies.answers(Action.OFF, Action.BLOCK), QUESTION, List.of("The demo key: " + KEY),
        answer("The demo key is " + KEY + "."), false);

    assertThat(out.blocked()).isFalse();
  }

  @Test
  void aKeyInTheAnswerIsRefusedNamingTheScannerButNotTheKey() {
    OutputCheck out = check(Policies.answers(Action.FLAG, Action.BLOCK), answer("Use " + KEY + "."));

    assertThat(out.blocked()).isTrue();
    assertThat(out.blockedMessage())
        .isEqualTo("The answer was blocked by a guardrail: scanner 'secrets' found 1 SECRET.")
        .doesNotContain(KEY);
  }

  @Test
  void aKeyInTheAnswerIsReplacedWholeOneWayEvenWhenPersonalDataIsRedactedToo() {
    OutputCheck out = check(Policies.answers(Action.REDACT, Action.REDACT),
        answer("Use " + KEY + " or mail ops@acme-bank.example.org"));

    assertThat(out.forCaller().text()).isEqualTo("Use <SECRET_1> or mail <EMAIL_1>");
    assertThat(out.forTrace().text()).isEqualTo("Use <SECRET_1> or mail <EMAIL_1>");
    assertThat(verdict(out, "secrets").action()).isEqualTo("redact");
    assertThat(verdict(out, "pii").findings()).containsExactly(Map.entry("EMAIL_ADDRESS", 1));
  }

  @Test
  void aKeyOnlyFlaggedGoesOnWholeWhilePersonalDataBesideItIsRedacted() {
    OutputCheck out = check(Policies.answers(Action.REDACT, Action.FLAG), answer("Use " + KEY + " now"));

    assertThat(out.forCaller().text()).isEqualTo("Use " + KEY + " now");
    assertThat(verdict(out, "pii").action()).isEqualTo("pass");
  }

  @Test
  void aKeyInToolCallArgumentsIsReadAndReplacedInsideItsJsonString() {
    Message call = toolCall("call_1", "deploy", "{\"token\":\"" + KEY + "\"}");

    OutputCheck out = check(Policies.answers(Action.OFF, Action.REDACT), answer(call));

    String arguments = out.forCaller().choices().getFirst().message().toolCalls().getFirst().function().arguments();
    assertThat(arguments).isEqualTo("{\"token\":\"<SECRET_1>\"}");
  }

  @Test
  void aStreamedAnswersRedactionIsRecordedAsAFlagAndTheTraceKeepsItRedacted() {
    OutputCheck out = check(Policies.answers(Action.OFF, Action.REDACT), QUESTION, List.of(),
        answer("Use " + KEY + "."), true);

    assertThat(verdict(out, "secrets").action()).isEqualTo("flag");
    assertThat(out.forTrace().text()).isEqualTo("Use <SECRET_1>.");
  }

  @Test
  void anAnswerIsReadForSecretsOnlyByAPolicyThatSaysSo() {
    OutputCheck out = check(Policies.answers(Action.FLAG, Action.OFF), answer("Use " + KEY + "."));

    assertThat(out.verdicts()).extracting(GuardVerdict::scanner).containsExactly("pii");
    assertThatThrownBy(() -> new GuardPolicy(Map.of(), Map.of("secrets", Action.FLAG), Action.OFF, false, false,
        Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secrets");
  }
}
