package dev.apprentice.guard.policy;

import static dev.apprentice.guard.Chats.answer;
import static dev.apprentice.guard.Chats.chunk;
import static dev.apprentice.guard.Chats.extraDelta;
import static dev.apprentice.guard.Chats.finish;
import static dev.apprentice.guard.Chats.request;
import static dev.apprentice.guard.Chats.toolArguments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.Message;
import dev.apprentice.api.ToolCall;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.ScriptedStream;
import dev.apprentice.guard.chat.RedactingStream;
import dev.apprentice.guard.chat.RestoringStream;
import dev.apprentice.guard.output.JsonSchemaCheck;
import dev.apprentice.guard.redact.StreamBlocked;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamRedactionTest {

  private static final String EMAIL = "support@acme-bank.example.org";
  private static final String CALLER_EMAIL = "jane.doe@example.com";
  /** Built at run time so that no token-shaped literal sits in the sources; never a real credential. */
  private static final String KEY = "sk-" + "proj-" + "Q7x9LmP2vR4tY8wK3nB6cF1hJ5dS0gA".repeat(5);
  private static final String PROSE = "Thank you for contacting the bank about your statement, we are glad to help. "
      + "Our team reviewed the question and the answer below should settle it for good. ";

  private final JsonSchemaCheck schemas = new JsonSchemaCheck();

  @Test
  void anEmailSplitAcrossThreeChunksGoesOutAsAPlaceholderAndNoChunkHoldsAPieceOfIt() throws Exception {
    List<ChatChunk> out = drain(stream(Action.REDACT, request(Message.user("Who handles refunds?"))),
        chunk(PROSE + "Write to supp"), chunk("ort@acme-bank.exa"), chunk("mple.org and " + PROSE), finish());

    assertThat(text(out)).isEqualTo(PROSE + "Write to <EMAIL_1> and " + PROSE);
    assertThat(contents(out)).noneMatch(c -> c.contains("supp") || c.contains("acme") || c.contains("mple.org"));
    assertThat(out.getLast().choices().getFirst().finishReason()).isEqualTo("stop");
  }

  @Test
  void aHeldStreamGivesOutNoLogprobsWhichWouldSpellItsHeldTextAheadOfTheGuard() throws Exception {
    List<ChatChunk> out = drain(stream(Action.REDACT), withLogprobs(chunk(PROSE + "Write to ")),
        withLogprobs(chunk(EMAIL)), withLogprobs(chunk(" today")), finish());

    assertThat(text(out)).isEqualTo(PROSE + "Write to <EMAIL_1> today");
    assertThat(out).allSatisfy(c -> assertThat(c.choices()).allSatisfy(choice -> assertThat(choice.logprobs()).isNull()));
  }

  /** The chunk with logprobs that spell its content, as OpenAI sends them when asked for {@code logprobs: true}. */
  private static ChatChunk withLogprobs(ChatChunk chunk) {
    ChatChunk.Choice c = chunk.choices().getFirst();
    Object logprobs = Map.of("content", List.of(Map.of("token", c.delta().content(), "logprob", -0.1)));
    return new ChatChunk(chunk.id(), chunk.object(), chunk.created(), chunk.model(),
        List.of(new ChatChunk.Choice(c.index(), c.delta(), c.finishReason(), logprobs, c.extra())), chunk.usage(),
        chunk.systemFingerprint(), chunk.extra());
  }

  @Test
  void aValueAtTheVeryEndIsRedactedWhenTheChoiceFinishes() throws Exception {
    List<ChatChunk> out = drain(stream(Action.REDACT, request(Message.user("Who handles refunds?"))),
        chunk(PROSE), chunk(PROSE + "Write to " + EMAIL), finish());

    assertThat(text(out)).isEqualTo(PROSE + PROSE + "Write to <EMAIL_1>");
    assertThat(contents(out).getLast()).endsWith("<EMAIL_1>");
  }

  @Test
  void anAnswerWithoutValuesComesOutWholeHeldBackByNoMoreThanTheWindowAQuarterMoreAndTheWordAcrossIt() throws Exception {
    String answer = (PROSE + "Your balance is fine. ").repeat(6);
    List<ChatChunk> in = new ArrayList<>();
    for (int at = 0; at < answer.length(); at += 7) in.add(chunk(answer.substring(at, Math.min(answer.length(), at + 7))));
    in.add(finish());
    ScriptedStream upstream = new ScriptedStream(in);
    RedactingStream redacting = new RedactingStream(upstream, stream(Action.REDACT));

    StringBuilder given = new StringBuilder();
    int receivedAtFirstText = -1;
    for (ChatChunk c = redacting.next(); c != null; c = redacting.next()) {
      String content = c.choices().getFirst().delta().content();
      given.append(content == null ? "" : content);
      if (receivedAtFirstText < 0 && !given.isEmpty()) receivedAtFirstText = upstream.textRead().length();
      if (c.choices().getFirst().finishReason() == null) {
        assertThat(upstream.textRead().length() - given.length()).isLessThanOrEqualTo(128 + 32 + "statement,".length());
      }
    }
    assertThat(given.toString()).isEqualTo(answer);
    assertThat(receivedAtFirstText).as("time to first token: the window, a fragment and the word across the edge")
        .isLessThanOrEqualTo(128 + 7 + "statement,".length());
  }

  @Test
  void aKeyLongerThanTheWindowIsHeldWholeAndReplaced() throws Exception {
    List<ChatChunk> in = new ArrayList<>(List.of(chunk(PROSE + "Use ")));
    for (int at = 0; at < KEY.length(); at += 5) in.add(chunk(KEY.substring(at, Math.min(KEY.length(), at + 5))));
    in.add(chunk(" to call the API. " + PROSE));
    in.add(finish());

    List<ChatChunk> out = drain(stream(Action.OFF, Action.REDACT, request(Message.user("How do I call it?"))),
        in.toArray(ChatChunk[]::new));

    assertThat(text(out)).isEqualTo(PROSE + "Use <SECRET_1> to call the API. " + PROSE);
    assertThat(contents(out)).noneMatch(c -> c.contains("sk-") || c.contains("Q7x9"));
  }

  @Test
  void aTokenTheScannerCannotSeeUntilItIsWholeIsHeldAsOneRunWithoutSpaces() throws Exception {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String jwt = url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + url.encodeToString(("{\"sub\":\"customer-4471\",\"scope\":\"" + "accounts:read payments:write ".repeat(6)
            + "\"}").getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJlLW9mLXRoZS10b2tlbi1mb3ItdGhlLXRlc3Q";
    List<ChatChunk> in = new ArrayList<>(List.of(chunk(PROSE + "Your session token is ")));
    for (int at = 0; at < jwt.length(); at += 6) in.add(chunk(jwt.substring(at, Math.min(jwt.length(), at + 6))));
    in.add(chunk(" for today. " + PROSE));
    in.add(finish());

    List<ChatChunk> out = drain(stream(Action.OFF, Action.REDACT, request(Message.user("My token?"))),
        in.toArray(ChatChunk[]::new));

    assertThat(jwt.indexOf('.', jwt.indexOf('.') + 1)).isGreaterThan(128);
    assertThat(text(out)).isEqualTo(PROSE + "Your session token is <SECRET_1> for today. " + PROSE);
    assertThat(contents(out)).noneMatch(c -> c.contains("eyJ"));
  }

  @Test
  void aKeyBlockLongerThanTheWindowIsHeldFromItsBeginLineWhileTheScannerSeesItGrow() throws Exception {
    String body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n".repeat(5);
    String block = "-----BEGIN " + "PRIVATE KEY-----\n" + body + "-----END " + "PRIVATE KEY-----";
    List<ChatChunk> in = new ArrayList<>(List.of(chunk(PROSE + "Here it is:\n")));
    for (int at = 0; at < block.length(); at += 9) in.add(chunk(block.substring(at, Math.min(block.length(), at + 9))));
    in.add(chunk("\nKeep it safe. " + PROSE));
    in.add(finish());

    List<ChatChunk> out = drain(stream(Action.OFF, Action.REDACT, request(Message.user("The key?"))),
        in.toArray(ChatChunk[]::new));

    assertThat(text(out)).isEqualTo(PROSE + "Here it is:\n<SECRET_1>\nKeep it safe. " + PROSE);
    assertThat(contents(out)).noneMatch(c -> c.contains("BEGIN") || c.contains("MIIE"));
  }

  @Test
  void anIbanWrittenInGroupsAcrossChunksIsHeldByTheWindowAndReplaced() throws Exception {
    List<ChatChunk> out = drain(stream(Action.REDACT),
        chunk(PROSE + "Pay into DE89 37"), chunk("04 0044 05"), chunk("32 0130 00 by Friday. " + PROSE), finish());

    assertThat(text(out)).isEqualTo(PROSE + "Pay into <IBAN_CODE_1> by Friday. " + PROSE);
    assertThat(contents(out)).noneMatch(c -> c.contains("DE89") || c.contains("0044"));
  }

  @Test
  void textInAScriptWrittenWithoutSpacesIsNotHeldUntilTheEnd() throws Exception {
    String chinese = "您好感谢您联系我们的客服团队我们已经收到您的问题并会尽快回复您请耐心等待".repeat(8);
    List<ChatChunk> in = new ArrayList<>();
    for (int at = 0; at < chinese.length(); at += 4) in.add(chunk(chinese.substring(at, at + 4)));

    List<ChatChunk> out = drain(stream(Action.REDACT, request(Message.user("你好"))), in.toArray(ChatChunk[]::new));

    assertThat(contents(out).subList(0, in.size()).stream().mapToInt(String::length).sum())
        .isGreaterThanOrEqualTo(chinese.length() - 128 - 32);
    assertThat(text(out)).isEqualTo(chinese);
  }

  @Test
  void theCallersOwnValueIsRestoredAndTheAnswersOwnIsRedactedContinuingTheInputsNumbering() throws Exception {
    GuardPolicy policy = Policies.output(Action.REDACT, Action.REDACT, Action.OFF, false);
    ChatRequest request = request(Message.user("Forward my statement to " + CALLER_EMAIL));
    InputCheck in = new InputGuard(policy).check(request);
    StreamRedaction redaction = new OutputGuard(policy, schemas).streamRedaction(in, List.of());
    ChunkStream upstream = new RedactingStream(new ScriptedStream(List.of(chunk(PROSE + "Sent to <EMA"),
        chunk("IL_1> with a copy to "), chunk(EMAIL + "."), finish())), redaction);

    List<ChatChunk> out = drain(new RestoringStream(upstream, in.session()));

    assertThat(text(out)).isEqualTo(PROSE + "Sent to " + CALLER_EMAIL + " with a copy to <EMAIL_2>.");
  }

  @Test
  void inToolCallArgumentsTooTheCallersValueIsRestoredAndTheAnswersOwnRedacted() throws Exception {
    GuardPolicy policy = Policies.output(Action.REDACT, Action.REDACT, Action.OFF, false);
    ChatRequest request = request(Message.user("Forward my statement to " + CALLER_EMAIL));
    InputCheck in = new InputGuard(policy).check(request);
    StreamRedaction redaction = new OutputGuard(policy, schemas).streamRedaction(in, List.of());
    ChunkStream upstream = new RedactingStream(new ScriptedStream(List.of(
        toolArguments(0, "{\"to\":\"<EMAIL_1>\",\"cc\":\""), toolArguments(0, EMAIL + "\"}"), finish())), redaction);

    List<ChatChunk> out = drain(new RestoringStream(upstream, in.session()));

    assertThat(arguments(out)).isEqualTo("{\"to\":\"" + CALLER_EMAIL + "\",\"cc\":\"<EMAIL_2>\"}");
  }

  @Test
  void aValueTheCallerSentIsEchoedInClear() throws Exception {
    List<ChatChunk> out = drain(stream(Action.REDACT, request(Message.user("Mine is " + CALLER_EMAIL))),
        chunk(PROSE + "We will write to " + CALLER_EMAIL.substring(0, 6)), chunk(CALLER_EMAIL.substring(6)), finish());

    assertThat(text(out)).isEqualTo(PROSE + "We will write to " + CALLER_EMAIL);
  }

  @Test
  void toolCallArgumentsAreHeldWholeAndRedactedInsideTheirStringsAndTheVerdictIsRedact() throws Exception {
    GuardPolicy policy = Policies.output(Action.OFF, Action.REDACT, Action.OFF, false);
    ChatRequest request = request(Message.user("Who handles refunds?"));
    InputCheck in = new InputGuard(policy).check(request);
    OutputGuard guard = new OutputGuard(policy, schemas);
    StreamRedaction redaction = guard.streamRedaction(in, List.of());

    List<ChatChunk> out = drain(redaction, chunk("Write to " + EMAIL), toolArguments(0, "{\"note\":\"Hi,\\nops@acme"),
        toolArguments(0, "-bank.example.org\"}"), finish());

    assertThat(arguments(out)).isEqualTo("{\"note\":\"Hi,\\n<EMAIL_2>\"}");
    assertThat(arguments(out.subList(0, out.size() - 1))).isEmpty();
    assertThat(text(out)).isEqualTo("Write to <EMAIL_1>");
    GuardVerdict verdict = guard.checkStreamed(request, in, List.of(), assembled(out), redaction).verdicts().getFirst();
    assertThat(verdict.action()).isEqualTo("redact");
    assertThat(verdict.findings()).containsEntry("EMAIL_ADDRESS", 2);
  }

  @Test
  void heldArgumentsGoOutWithAFinishChunkWhoseToolCallFragmentHasNoArguments() throws Exception {
    ToolCall bare = new ToolCall(0, null, null, new ToolCall.FunctionCall(null, null));
    ChatChunk finishWithFragment = new ChatChunk("c1", ChatChunk.OBJECT, 1L, "up", List.of(new ChatChunk.Choice(0,
        new ChatChunk.Delta(null, null, List.of(bare), null, null), "tool_calls", null)), null, null, null);

    List<ChatChunk> out = drain(stream(Action.REDACT), toolArguments(0, "{\"to\":\"ops@acme"),
        toolArguments(0, "-bank.example.org\"}"), finishWithFragment);

    assertThat(arguments(out.subList(0, out.size() - 1))).isEmpty();
    assertThat(out.getLast().choices().getFirst().delta().toolCalls().getFirst().function().arguments())
        .isEqualTo("{\"to\":\"<EMAIL_1>\"}");
  }

  @Test
  void aValueTheStreamCouldNotReplaceIsCountedAtTheEndAsAFlag() {
    GuardPolicy policy = Policies.output(Action.OFF, Action.REDACT, Action.OFF, false);
    ChatRequest request = request(Message.user("Who handles refunds?"));
    InputCheck in = new InputGuard(policy).check(request);
    OutputGuard guard = new OutputGuard(policy, schemas);

    GuardVerdict verdict = guard.checkStreamed(request, in, List.of(), answer("Write to " + EMAIL),
        guard.streamRedaction(in, List.of())).verdicts().getFirst();

    assertThat(verdict.action()).isEqualTo("flag");
  }

  @Test
  void reasoningIsHeldAndRedactedAndAThinkingBlockArrivingWholeIsRedactedWhole() throws Exception {
    Map<String, Object> block = Map.of("type", "thinking", "thinking", "Mail " + EMAIL, "signature", "sig");

    List<ChatChunk> out = drain(stream(Action.REDACT), extraDelta(Message.REASONING_CONTENT, "Mail " + EMAIL),
        extraDelta(Message.THINKING_BLOCKS, List.of(block)), chunk("Done."), finish());

    assertThat(out.get(1).choices().getFirst().delta().extra().get(Message.REASONING_CONTENT)).isEqualTo("Mail <EMAIL_1>");
    assertThat(out.get(1).choices().getFirst().delta().extra().get(Message.THINKING_BLOCKS))
        .isEqualTo(List.of(Map.of("type", "thinking", "thinking", "Mail <EMAIL_1>", "signature", "sig")));
    assertThat(out.toString()).doesNotContain(EMAIL);
  }

  @Test
  void thinkingStreamedUnderTheNameReasoningIsHeldAndRedactedApartFromReasoningContent() throws Exception {
    List<ChatChunk> out = drain(stream(Action.REDACT), extraDelta("reasoning", "Mail supp"),
        extraDelta("reasoning", "ort@acme-bank.example.org"), extraDelta(Message.REASONING_CONTENT, "Noted."),
        chunk("Done."), finish());

    StringBuilder reasoning = new StringBuilder();
    StringBuilder reasoningContent = new StringBuilder();
    for (ChatChunk c : out) {
      Map<String, Object> extra = c.choices().getFirst().delta() == null ? Map.of() : c.choices().getFirst().delta().extra();
      if (extra.get("reasoning") instanceof String r) reasoning.append(r);
      if (extra.get(Message.REASONING_CONTENT) instanceof String r) reasoningContent.append(r);
    }
    assertThat(reasoning).hasToString("Mail <EMAIL_1>");
    assertThat(reasoningContent).hasToString("Noted.");
    assertThat(out.toString()).doesNotContain("acme-bank");
  }

  @Test
  void aStreamThatBreaksOffGivesOutWhatPrecedesTheWindowAndDropsTheStartOfAValue() throws Exception {
    RedactingStream stream = new RedactingStream(new ScriptedStream(
        List.of(chunk(PROSE + PROSE + "Write to support@acme-ba")), new IllegalStateException("cut")), stream(Action.REDACT));

    List<ChatChunk> out = new ArrayList<>();
    assertThatThrownBy(() -> {
      for (ChatChunk c = stream.next(); c != null; c = stream.next()) out.add(c);
    }).hasMessage("cut");
    assertThat(text(out)).startsWith(PROSE).doesNotContain("support").doesNotContain("acme");
  }

  @Test
  void aValueABlockingScannerRefusesEndsTheStreamBeforeItGoesOutAndBlocksTheAnswer() {
    GuardPolicy policy = Policies.answers(Action.REDACT, Action.BLOCK);
    ChatRequest request = request(Message.user("How do I call the API?"));
    InputCheck in = new InputGuard(policy).check(request);
    OutputGuard guard = new OutputGuard(policy, schemas);
    StreamRedaction redaction = guard.streamRedaction(in, List.of());
    List<ChatChunk> in1 = new ArrayList<>(List.of(chunk(PROSE + PROSE + "Use ")));
    for (int at = 0; at < KEY.length(); at += 5) in1.add(chunk(KEY.substring(at, Math.min(KEY.length(), at + 5))));
    in1.add(chunk(" for the API. " + PROSE));
    in1.add(finish());
    RedactingStream stream = new RedactingStream(new ScriptedStream(in1), redaction);

    List<ChatChunk> out = new ArrayList<>();
    assertThatThrownBy(() -> {
      for (ChatChunk c = stream.next(); c != null; c = stream.next()) out.add(c);
    }).isInstanceOf(StreamBlocked.class);

    assertThat(text(out)).startsWith(PROSE).doesNotContain("sk-");
    OutputCheck check = guard.checkStreamed(request, in, List.of(), assembled(out), redaction);
    assertThat(check.blockedMessage()).isEqualTo("The answer was blocked by a guardrail: scanner 'secrets' found 1 SECRET.");
    assertThat(check.verdicts()).extracting(GuardVerdict::action).containsExactly("pass", "block");
  }

  @Test
  void noRedactionIsMadeWhenNoValueScannerOfTheAnswerRedacts() {
    GuardPolicy policy = Policies.output(Action.REDACT, Action.FLAG, Action.OFF, false);
    InputCheck in = new InputGuard(policy).check(request(Message.user("hi")));

    assertThat(new OutputGuard(policy, schemas).streamRedaction(in, List.of())).isNull();
    assertThatThrownBy(() -> new OutputGuard(policy, schemas, 10)).isInstanceOf(IllegalArgumentException.class);
  }

  private StreamRedaction stream(Action pii) {
    return stream(pii, Action.OFF, request(Message.user("Who handles refunds?")));
  }

  private StreamRedaction stream(Action pii, ChatRequest request) {
    return stream(pii, Action.OFF, request);
  }

  private StreamRedaction stream(Action pii, Action secrets, ChatRequest request) {
    GuardPolicy policy = Policies.answers(pii, secrets);
    InputCheck in = new InputGuard(policy).check(request);
    return new OutputGuard(policy, schemas).streamRedaction(in, List.of());
  }

  private static List<ChatChunk> drain(StreamRedaction redaction, ChatChunk... chunks) throws Exception {
    return drain(new RedactingStream(new ScriptedStream(List.of(chunks)), redaction));
  }

  private static List<ChatChunk> drain(ChunkStream stream) throws Exception {
    List<ChatChunk> out = new ArrayList<>();
    for (ChatChunk c = stream.next(); c != null; c = stream.next()) out.add(c);
    return out;
  }

  private static List<String> contents(List<ChatChunk> chunks) {
    List<String> contents = new ArrayList<>();
    for (ChatChunk c : chunks) {
      ChatChunk.Delta d = c.choices().getFirst().delta();
      contents.add(d == null || d.content() == null ? "" : d.content());
    }
    return contents;
  }

  private static String text(List<ChatChunk> chunks) {
    return String.join("", contents(chunks));
  }

  private static String arguments(List<ChatChunk> chunks) {
    StringBuilder arguments = new StringBuilder();
    for (ChatChunk c : chunks) {
      ChatChunk.Delta d = c.choices().getFirst().delta();
      List<ToolCall> calls = d == null ? null : d.toolCalls();
      if (calls != null) calls.forEach(t -> arguments.append(t.function().arguments()));
    }
    return arguments.toString();
  }

  private static ChatResponse assembled(List<ChatChunk> chunks) {
    return answer(Message.assistant(text(chunks), List.of(ToolCall.function("t1", "send", arguments(chunks)))));
  }
}
