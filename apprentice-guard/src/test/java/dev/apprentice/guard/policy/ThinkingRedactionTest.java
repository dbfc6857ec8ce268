package dev.apprentice.guard.policy;

import static dev.apprentice.guard.Chats.answer;
import static dev.apprentice.guard.Chats.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Content;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.Message;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.output.JsonSchemaCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Anthropic's extended thinking through a redacting guard: {@code reasoning_content} is text like content (scanned,
 * restored for the caller), while a thinking block is signed over the text the model wrote, so it is scanned but
 * travels, both ways, in the placeholder form the model produced.
 */
class ThinkingRedactionTest {

  private static final String EMAIL = "jane.doe@example.com";
  private static final String SIGNATURE = "ErUBCkYIBRgCIkB0qzKv8w3rZ5nL2Xq1";
  private static final String THOUGHT = "The user wants a summary mailed to <EMAIL_1>.";

  private final GuardPolicy policy = Policies.output(Action.REDACT, Action.FLAG, Action.OFF, false);
  private final Message question = Message.user("Summarise my order and mail it to " + EMAIL);

  @Test
  void theCallerGetsTheThinkingTextRestoredAndTheSignedBlockAsTheModelWroteIt() {
    ChatRequest request = request(question);
    InputCheck in = new InputGuard(policy).check(request);

    Message message = new OutputGuard(policy, new JsonSchemaCheck())
        .check(request, in, answer(thinking("Done.", THOUGHT)), false, true).forCaller().choices().getFirst().message();

    assertThat(in.upstream().messages().getFirst().text()).endsWith("<EMAIL_1>");
    assertThat(message.extra().get(Message.REASONING_CONTENT))
        .isEqualTo("The user wants a summary mailed to " + EMAIL + ".");
    assertThat(message.extra().get(Message.THINKING_BLOCKS)).isEqualTo(List.of(block(THOUGHT)));
  }

  @Test
  void theNextTurnSendsTheThinkingBlockBackUnchangedAndGivesTheSameValueTheSamePlaceholder() {
    Message earlier = restoredAnswerOfTheFirstTurn();
    ChatRequest next = request(question, earlier, Message.user("Also cc bob@example.org"));

    InputCheck in = new InputGuard(policy).check(next);

    List<Message> sent = in.upstream().messages();
    assertThat(sent.get(0).text()).isEqualTo("Summarise my order and mail it to <EMAIL_1>");
    assertThat(sent.get(1).extra().get(Message.THINKING_BLOCKS)).isEqualTo(List.of(block(THOUGHT)));
    assertThat(sent.get(1).extra().get(Message.REASONING_CONTENT))
        .isEqualTo("The user wants a summary mailed to <EMAIL_1>.");
    assertThat(sent.get(2).text()).isEqualTo("Also cc <EMAIL_2>");
    assertThat(in.forTrace().toString()).doesNotContain(EMAIL);
  }

  @Test
  void aValueWrittenIntoAThinkingBlockOrPartIsRedactedBeforeTheUpstream() {
    Message assistant = new Message("assistant", Content.parts(List.of(
        new ContentPart("thinking", null, null, Map.of("thinking", "Mail " + EMAIL, "signature", SIGNATURE)),
        new ContentPart("text", "Done.", null, null))), null, null, null, null,
        Map.of(Message.THINKING_BLOCKS, List.of(block("Reply to " + EMAIL))));

    InputCheck in = new InputGuard(policy).check(request(question, assistant, Message.user("thanks")));

    Message sent = in.upstream().messages().get(1);
    assertThat(sent.content().parts().getFirst().extra()).containsEntry("thinking", "Mail <EMAIL_1>")
        .containsEntry("signature", SIGNATURE);
    assertThat(sent.extra().get(Message.THINKING_BLOCKS)).isEqualTo(List.of(block("Reply to <EMAIL_1>")));
  }

  @Test
  void personalDataTheModelWroteInItsThinkingIsFoundByTheOutputCheck() {
    ChatRequest request = request(question);
    InputCheck in = new InputGuard(policy).check(request);

    OutputCheck out = new OutputGuard(policy, new JsonSchemaCheck()).check(request, in,
        answer(thinking("Done.", "Their manager is carol@corp.example, cc her.")), false, true);

    GuardVerdict pii = out.verdicts().getFirst();
    assertThat(pii.direction()).isEqualTo(GuardVerdict.OUTPUT);
    assertThat(pii.findings()).containsKey("EMAIL_ADDRESS");
  }

  @Test
  void anOutputRedactionTakesTheValueOutOfTheThinkingBlockTooThoughItsSignatureNoLongerMatches() {
    GuardPolicy redacting = Policies.output(Action.REDACT, Action.REDACT, Action.OFF, false);
    ChatRequest request = request(question);
    InputCheck in = new InputGuard(redacting).check(request);
    String thought = "Their manager is carol@corp.example, cc <EMAIL_1>.";

    Message message = new OutputGuard(redacting, new JsonSchemaCheck())
        .check(request, in, answer(thinking("Done.", thought)), false, true).forCaller().choices().getFirst().message();

    assertThat(message.extra().get(Message.REASONING_CONTENT)).isEqualTo("Their manager is <EMAIL_2>, cc " + EMAIL + ".");
    assertThat(message.extra().get(Message.THINKING_BLOCKS))
        .isEqualTo(List.of(block("Their manager is <EMAIL_2>, cc <EMAIL_1>.")));
  }

  @Test
  void thinkingUnderTheNameReasoningAsOllamaAndVllmWriteItIsRedactedAndRestoredLikeReasoningContent() {
    GuardPolicy redacting = Policies.output(Action.REDACT, Action.REDACT, Action.OFF, false);
    ChatRequest request = request(question);
    InputCheck in = new InputGuard(redacting).check(request);
    Message thought = new Message("assistant", Content.text("Done."), null, null, null, null,
        Map.of("reasoning", "Their manager is carol@corp.example, cc <EMAIL_1>."));

    Message message = new OutputGuard(redacting, new JsonSchemaCheck())
        .check(request, in, answer(thought), false, true).forCaller().choices().getFirst().message();

    assertThat(message.extra().get("reasoning")).isEqualTo("Their manager is <EMAIL_2>, cc " + EMAIL + ".");
  }

  /** The first turn as the caller got it through the guard. */
  private Message restoredAnswerOfTheFirstTurn() {
    ChatRequest first = request(question);
    InputCheck in = new InputGuard(policy).check(first);
    ChatResponse forCaller = new OutputGuard(policy, new JsonSchemaCheck())
        .check(first, in, answer(thinking("I will mail it to <EMAIL_1>.", THOUGHT)), false, true).forCaller();
    return forCaller.choices().getFirst().message();
  }

  private static Message thinking(String content, String thought) {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put(Message.REASONING_CONTENT, thought);
    extra.put(Message.THINKING_BLOCKS, List.of(block(thought)));
    return new Message("assistant", Content.text(content), null, null, null, null, extra);
  }

  private static Map<String, Object> block(String thought) {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("type", "thinking");
    block.put("thinking", thought);
    block.put("signature", SIGNATURE);
    return block;
  }
}
