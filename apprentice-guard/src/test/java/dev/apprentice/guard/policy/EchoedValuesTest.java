package dev.apprentice.guard.policy;

import static dev.apprentice.guard.Chats.answer;
import static dev.apprentice.guard.Chats.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.output.JsonSchemaCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The output PII check lets through the caller's own values, also when the model writes them another way: a card or
 * phone number with other spaces or dashes, an e-mail address in another case. A value the caller did not send
 * still counts. So do the values of the passages retrieval put into the prompt: the operator's collection, not the
 * caller's data leaking.
 */
class EchoedValuesTest {

  private static final GuardPolicy BLOCKING = Policies.output(Action.OFF, Action.BLOCK, Action.OFF, false);

  private static OutputCheck check(String question, String answer) {
    ChatRequest request = request(Message.user(question));
    InputCheck in = new InputGuard(BLOCKING).check(request);
    return new OutputGuard(BLOCKING, new JsonSchemaCheck()).check(request, in, answer(answer), false, true);
  }

  @Test
  void theCallersCardPhoneAndAddressWrittenAnotherWayAreTheirOwn() {
    OutputCheck echoed = check("Charge 4111 1111 1111 1111, text me on +1 650-253-0000, mail Jane.Doe@Example.com",
        "Charged 4111-1111-1111-1111; I will text (650) 253-0000 and mail jane.doe@example.com.");

    assertThat(echoed.blockedMessage()).isNull();
    assertThat(echoed.verdicts()).singleElement().extracting(GuardVerdict::action).isEqualTo("pass");
  }

  @Test
  void aValueTheCallerDidNotSendStillBlocksHoweverItIsWritten() {
    OutputCheck leaked = check("Charge 4111 1111 1111 1111 and mail jane.doe@example.com",
        "Also charged 5555-5555-5555-4444 and mailed JANE.DOE@EXAMPLE.ORG.");

    assertThat(leaked.blockedMessage()).contains("CREDIT_CARD").contains("EMAIL_ADDRESS");
  }

  @Test
  void aRetrievedPassagesAddressAndPhoneNumberWrittenAnotherWayCountAsSentAndAnotherAddressStillBlocks() {
    ChatRequest request = request(Message.user("who do I call about refunds"));
    InputCheck in = new InputGuard(BLOCKING).check(request);
    OutputGuard guard = new OutputGuard(BLOCKING, new JsonSchemaCheck());
    List<String> passages = List.of("Refunds: Refunds.Desk@Bank.example, +1 650-253-0000.");

    OutputCheck quoted = guard.check(request, in, passages,
        answer("Mail refunds.desk@bank.example or call (650) 253-0000."), false, true);
    OutputCheck madeUp = guard.check(request, in, passages,
        answer("Mail refunds.desk@bank.example or someone.else@example.net."), false, true);

    assertThat(quoted.blockedMessage()).isNull();
    assertThat(madeUp.blockedMessage()).contains("1 EMAIL_ADDRESS");
  }
}
