package dev.apprentice.guard.policy;

import static dev.apprentice.guard.Chats.answer;
import static dev.apprentice.guard.Chats.request;
import static dev.apprentice.guard.Chats.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.Content;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.Message;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.chat.ChatTexts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A value the PII scanner reads inside a secret (a phone number in a key's digits) is part of the secret: it counts
 * for neither scanner as a value, in the verdicts, the blocks and what is redacted; and a value that runs on past a
 * secret is replaced with it as one, never half.
 */
class ValuesInsideSecretsTest {

  /** Built at run time so that no token-shaped literal sits in the sources; never a real credential. */
  private static final String KEY = "sk-" + "proj-" + "4155552671" + "abcdefGHIJKLmnop1234";
  private static final String TEXT = "my key is " + KEY + " ok";

  private static InputCheck check(Action pii, Action secrets, String text) {
    return new InputGuard(Policies.input(pii, secrets)).check(request(Message.user(text)));
  }

  private static GuardVerdict verdict(InputCheck check, String scanner) {
    return check.verdicts().stream().filter(v -> v.scanner().equals(scanner)).findFirst().orElseThrow();
  }

  private static String sent(InputCheck check) {
    return ChatTexts.of(check.upstream()).getFirst().value();
  }

  @Test
  void theDigitsOfAKeyAreNoPhoneNumberInTheVerdicts() {
    InputCheck check = check(Action.FLAG, Action.FLAG, TEXT);

    assertThat(verdict(check, "pii").action()).isEqualTo("pass");
    assertThat(verdict(check, "pii").findings()).isEmpty();
    assertThat(verdict(check, "pii").score()).isZero();
    assertThat(verdict(check, "secrets").findings()).containsExactly(Map.entry("SECRET", 1));
  }

  @Test
  void aKeyWithPhoneDigitsIsNotRefusedByPiiAndIsRedactedWholeAsASecret() {
    InputCheck check = check(Action.BLOCK, Action.REDACT, TEXT);

    assertThat(check.blocked()).isFalse();
    assertThat(sent(check)).isEqualTo("my key is <SECRET_1> ok");
  }

  @Test
  void aKeyTheGuardOnlyFlagsGoesWholeRatherThanWithAPhonePlaceholderInside() {
    InputCheck check = check(Action.REDACT, Action.FLAG, TEXT);

    assertThat(check.redacted()).isFalse();
    assertThat(sent(check)).isEqualTo(TEXT);
  }

  @Test
  void aPhoneNumberThatRunsOnPastAPasswordIsReplacedWithItNotHalf() {
    String text = "pwd=Zq8xW9r415 555 2671";

    InputCheck check = check(Action.REDACT, Action.REDACT, text);

    assertThat(sent(check)).isEqualTo("pwd=<SECRET_1>");
    assertThat(OutputGuard.restore(answer("it was <SECRET_1>"), check.session()).choices().getFirst().message()
        .text()).isEqualTo("it was Zq8xW9r415 555 2671");
  }

  @Test
  void aPhoneNumberThatRunsOnPastAPasswordIntoTheNextTextPartIsReplacedWithItNotHalf() {
    Message user = new Message("user", Content.parts(List.of(ContentPart.text("pwd=Zq8xW9r4"),
        ContentPart.text("15 555 2671 thanks"))), null, null, null, null, null);

    InputCheck check = new InputGuard(Policies.input(Action.REDACT, Action.REDACT)).check(request(user));

    assertThat(ChatTexts.of(check.upstream())).extracting(ChatTexts.Text::value)
        .containsExactly("pwd=<SECRET_1>", " thanks");
  }

  @Test
  void aPhoneNumberThatRunsOnPastAPasswordInToolCallArgumentsIsReplacedWithItNotHalf() {
    InputCheck check = new InputGuard(Policies.input(Action.REDACT, Action.REDACT))
        .check(request(toolCall("call_1", "save", "{\"note\": \"pwd=Zq8xW9r415 555 2671\"}")));

    assertThat(check.upstream().messages().getFirst().toolCalls().getFirst().function().arguments())
        .isEqualTo("{\"note\": \"pwd=<SECRET_1>\"}");
  }
}
