package dev.apprentice.guard.policy;

import static dev.apprentice.guard.Chats.inTags;
import static dev.apprentice.guard.Chats.request;
import static dev.apprentice.guard.Chats.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Content;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.Message;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.chat.ChatTexts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputGuardTest {

  private static final String EMAIL = "jane.doe@example.com";
  private static final String CARD = "4111 1111 1111 1111";
  /** Built at run time so that no token-shaped literal sits in the sources; never a real credential. */
  private static final String GITHUB_TOKEN = "gh" + "p_" + new StringBuilder("5Az3Yx1Wv9Ut7Sr5Qp3Nm1Lk9Jh7Gf5Ed3Ba").reverse();

  @Test
  void aFlaggedRequestGoesOnUnchangedWithItsVerdictCountingFindingsByType() {
    ChatRequest request = request(Message.user("Mail " + EMAIL + " and charge " + CARD));

    InputCheck check = new InputGuard(Policies.input(Action.FLAG, Action.OFF)).check(request);

    assertThat(check.blocked()).isFalse();
    assertThat(check.redacted()).isFalse();
    assertThat(check.upstream()).isSameAs(request);
    assertThat(check.forTrace()).isNull();
    GuardVerdict verdict = check.verdicts().getFirst();
    assertThat(check.verdicts()).hasSize(1);
    assertThat(verdict.direction()).isEqualTo("input");
    assertThat(verdict.scanner()).isEqualTo("pii");
    assertThat(verdict.action()).isEqualTo("flag");
    assertThat(verdict.findings()).containsEntry("EMAIL_ADDRESS", 1).containsEntry("CREDIT_CARD", 1);
    assertThat(verdict.score()).isGreaterThanOrEqualTo(0.5);
    assertThat(verdict.micros()).isNotNegative();
  }

  @Test
  void aScannerThatFindsNothingPassesAndAnOffScannerDoesNotRun() {
    InputCheck check = new InputGuard(Policies.input(Action.BLOCK, Action.OFF))
        .check(request(Message.user("What is the capital of France?")));

    assertThat(check.verdicts()).singleElement().satisfies(v -> {
      assertThat(v.action()).isEqualTo("pass");
      assertThat(v.findings()).isEmpty();
    });
    assertThat(check.blocked()).isFalse();
  }

  @Test
  void aBlockNamesTheScannerAndTheTypesButNeverTheValues() {
    ChatRequest request = request(Message.user("deploy with " + GITHUB_TOKEN + " and tell " + EMAIL));

    InputCheck check = new InputGuard(Policies.input(Action.FLAG, Action.BLOCK)).check(request);

    assertThat(check.blocked()).isTrue();
    assertThat(check.blockedMessage()).isEqualTo(
        "The request was blocked by a guardrail: scanner 'secrets' found 1 SECRET.")
        .doesNotContain(GITHUB_TOKEN).doesNotContain(EMAIL);
    assertThat(check.verdicts()).extracting(GuardVerdict::action).containsExactly("flag", "block");
    String traced = ChatTexts.joined(ChatTexts.of(check.forTrace()));
    assertThat(traced).as("the trace keeps neither what was blocked nor what was flagged")
        .doesNotContain(GITHUB_TOKEN).doesNotContain(EMAIL).contains("<SECRET_1>").contains("<EMAIL_1>");
  }

  @Test
  void redactionReplacesEveryRoleAndPartAndToolResultWithOnePlaceholderPerValue() {
    ChatRequest request = request(
        Message.system("The customer is " + EMAIL),
        new Message("user", Content.parts(List.of(ContentPart.text("Write to " + EMAIL), ContentPart.image("https://x/y.png"))),
            null, null, null, null, null),
        toolCall("call_1", "lookup", "{\"email\":\"" + EMAIL + "\"}"),
        Message.tool("call_1", "{\"card\":\"" + CARD + "\",\"owner\":\"" + EMAIL + "\"}"));

    InputCheck check = new InputGuard(Policies.input(Action.REDACT, Action.OFF)).check(request);

    assertThat(check.redacted()).isTrue();
    List<String> sent = ChatTexts.of(check.upstream()).stream().map(ChatTexts.Text::value).toList();
    assertThat(sent).containsExactly("The customer is <EMAIL_1>", "Write to <EMAIL_1>", "https://x/y.png",
        "{\"email\":\"<EMAIL_1>\"}",
        "{\"card\":\"<CREDIT_CARD_1>\",\"owner\":\"<EMAIL_1>\"}");
    assertThat(check.upstream().messages().get(1).content().parts().get(1).imageUrl().url()).isEqualTo("https://x/y.png");
    assertThat(check.session().placeholders()).containsOnlyKeys("<EMAIL_1>", "<CREDIT_CARD_1>");
    assertThat(check.forTrace()).isEqualTo(check.upstream());
    assertThat(check.verdicts().getFirst().findings()).containsEntry("EMAIL_ADDRESS", 4).containsEntry("CREDIT_CARD", 1);
    assertThat(check.callerText()).contains(EMAIL);
  }

  @Test
  void anAddressSpeltInInvisibleTagCharactersGoesUpAsAPlaceholderAndComesBackAsSpelt() {
    String hidden = inTags(EMAIL);
    ChatRequest request = request(Message.user("Write to " + hidden + " today"));

    InputCheck check = new InputGuard(Policies.input(Action.REDACT, Action.OFF)).check(request);

    assertThat(check.upstream().messages().getFirst().text()).isEqualTo("Write to <EMAIL_1> today");
    assertThat(check.session().placeholders()).containsExactly(Map.entry("<EMAIL_1>", hidden));
  }

  @Test
  void onlyTheRedactingScannersFindingsAreTakenOut() {
    ChatRequest request = request(Message.user("token " + GITHUB_TOKEN + " for " + EMAIL));

    InputCheck check = new InputGuard(Policies.input(Action.FLAG, Action.REDACT)).check(request);

    assertThat(check.upstream().messages().getFirst().text()).isEqualTo("token <SECRET_1> for " + EMAIL);
    assertThat(check.verdicts()).extracting(GuardVerdict::action).containsExactly("flag", "redact");
  }
}
