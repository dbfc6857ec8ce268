package dev.apprentice.guard.policy;

import static dev.apprentice.guard.Chats.answer;
import static dev.apprentice.guard.Chats.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Message;
import dev.apprentice.api.Tool;
import dev.apprentice.guard.output.JsonSchemaCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A placeholder already present anywhere in a call is never handed to a new value: the answer restores every
 * placeholder it hands out, so a second meaning of one would put a value where the other one belongs.
 */
class PlaceholderCollisionTest {

  private static final String CALLER = "alice@corp.com";
  private static final String VENDOR = "billing@vendor.example.org";
  private static final String NEW_ADDRESS = "carol@corp.com";

  @Test
  void aNewValueDoesNotTakeAPlaceholderThatAnotherMessageOfTheCallHolds() {
    ChatRequest request = request(Message.assistant("I have forwarded this to <EMAIL_1>."),
        Message.user("Please also cc " + NEW_ADDRESS));

    InputCheck check = new InputGuard(Policies.input(Action.REDACT, Action.OFF)).check(request);

    assertThat(check.upstream().messages().get(1).text()).isEqualTo("Please also cc <EMAIL_2>");
    assertThat(OutputGuard.restore(answer("Sent to <EMAIL_1> and <EMAIL_2>"), check.session()).text())
        .isEqualTo("Sent to <EMAIL_1> and " + NEW_ADDRESS);
  }

  @Test
  void anEarlierAnswersOneWayPlaceholderSentBackAsHistoryKeepsItsMeaning() {
    GuardPolicy policy = Policies.output(Action.REDACT, Action.REDACT, Action.OFF, false);
    Message question = Message.user("My mail is " + CALLER + ", who handles billing?");
    ChatRequest first = request(question);
    InputCheck firstIn = new InputGuard(policy).check(first);
    String firstAnswer = new OutputGuard(policy, new JsonSchemaCheck())
        .check(first, firstIn, answer("Hi <EMAIL_1>, write to " + VENDOR), false, true).forCaller().text();
    assertThat(firstAnswer).isEqualTo("Hi " + CALLER + ", write to <EMAIL_2>");

    ChatRequest second = request(question, Message.assistant(firstAnswer),
        Message.user("Also add " + NEW_ADDRESS + " to that thread"));
    InputCheck secondIn = new InputGuard(policy).check(second);
    ChatResponse upstream = answer("Added <EMAIL_3>; <EMAIL_2> stays the vendor.");

    assertThat(secondIn.upstream().messages().get(2).text()).isEqualTo("Also add <EMAIL_3> to that thread");
    assertThat(OutputGuard.restore(upstream, secondIn.session()).text())
        .isEqualTo("Added " + NEW_ADDRESS + "; <EMAIL_2> stays the vendor.");
  }

  @Test
  void aPlaceholderInAFieldNoScannerReadsIsReservedToo() {
    Tool tool = new Tool("function", new Tool.Function("notify", "Writes to <EMAIL_1>, the duty officer", Map.of(), null));
    ChatRequest request = ChatRequest.builder().model("m").messages(List.of(Message.user("cc " + NEW_ADDRESS)))
        .tools(List.of(tool)).build();

    InputCheck check = new InputGuard(Policies.input(Action.REDACT, Action.OFF)).check(request);

    assertThat(check.upstream().messages().getFirst().text()).isEqualTo("cc <EMAIL_2>");
  }

  @Test
  void oneWayOutputPlaceholdersSkipThoseInTheCallersMessages() {
    GuardPolicy policy = Policies.output(Action.OFF, Action.REDACT, Action.OFF, false);
    ChatRequest request = request(Message.user("Earlier you said to write to <EMAIL_1>."));
    InputCheck in = new InputGuard(policy).check(request);

    OutputCheck out = new OutputGuard(policy, new JsonSchemaCheck()).check(request, in, answer("Write to " + VENDOR),
        false, true);

    assertThat(out.forCaller().text()).isEqualTo("Write to <EMAIL_2>");
  }
}
