package dev.apprentice.guard.chat;

import static dev.apprentice.guard.Chats.chunk;
import static dev.apprentice.guard.Chats.extraDelta;
import static dev.apprentice.guard.Chats.finish;
import static dev.apprentice.guard.Chats.toolArguments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ToolCall;
import dev.apprentice.api.Usage;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.ScriptedStream;
import dev.apprentice.guard.redact.RedactionSession;
import dev.apprentice.guard.redact.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoringStreamTest {

  private final RedactionSession session = new Redactor(List.of()).session();

  /** A session that has handed out {@code <EMAIL_1>} for jane@example.com and {@code <SECRET_1>} for a PEM line. */
  RestoringStreamTest() {
    String text = "jane@example.com and a \"quoted\"\nsecret";
    session.redact(text, List.of(new Finding("EMAIL_ADDRESS", 0, 16, 1, "jane@example.com"),
        new Finding("SECRET", 23, 38, 1, "\"quoted\"\nsecret")));
  }

  @Test
  void aPlaceholderSplitAcrossChunksIsRestoredWholeAndNoChunkIsLost() throws Exception {
    List<ChatChunk> out = drain(chunk("Write to <EMA"), chunk("IL"), chunk("_1> today"), finish());

    assertThat(out).hasSize(4);
    assertThat(out).extracting(c -> c.choices().getFirst().delta().content())
        .containsExactly("Write to ", "", "jane@example.com today", null);
    assertThat(out.getLast().choices().getFirst().finishReason()).isEqualTo("stop");
  }

  @Test
  void twoChoicesInterleavedChunkByChunkEachSplitMidPlaceholderAreEachRestoredWholeInTheirOwnChoice() throws Exception {
    List<ChatChunk> out = drain(chunk(0, "Mail <EMA"), chunk(1, "Key: <SEC"), chunk(0, "IL_"),
        chunk(1, "RET_1> and <EM"), chunk(0, "1> now"), finish(1), chunk(0, " or <EMAIL_1>"), finish(0));

    assertThat(out).hasSize(8);
    assertThat(content(out, 0)).isEqualTo("Mail jane@example.com now or jane@example.com");
    assertThat(content(out, 1)).as("what the second choice held when it finished is its own, as written")
        .isEqualTo("Key: \"quoted\"\nsecret and <EM");
  }

  @Test
  void textHeldBackWhenTheChoiceFinishesGoesIntoTheFinishChunk() throws Exception {
    List<ChatChunk> out = drain(chunk("Costs < 5 and <EMAIL"), finish());

    assertThat(out).extracting(c -> c.choices().getFirst().delta().content())
        .containsExactly("Costs < 5 and ", "<EMAIL");
  }

  @Test
  void aStreamThatEndsWithoutAFinishReasonGetsOneLastChunkWithWhatWasHeld() throws Exception {
    List<ChatChunk> out = drain(chunk("see <EMAIL_"), chunk("1"));

    assertThat(out).hasSize(3);
    assertThat(text(out)).isEqualTo("see <EMAIL_1");
  }

  @Test
  void streamedToolCallArgumentsAreRestoredAndEscapedForJson() throws Exception {
    List<ChatChunk> out = drain(toolArguments(0, "{\"to\":\"<EMAIL_1>\",\"key\":\"<SEC"), toolArguments(0, "RET_1>\"}"),
        finish());

    StringBuilder arguments = new StringBuilder();
    for (ChatChunk c : out) {
      List<ToolCall> calls = c.choices().getFirst().delta() == null ? null : c.choices().getFirst().delta().toolCalls();
      if (calls != null) calls.forEach(t -> arguments.append(t.function().arguments()));
    }
    assertThat(arguments.toString()).isEqualTo("{\"to\":\"jane@example.com\",\"key\":\"\\\"quoted\\\"\\nsecret\"}");
  }

  @Test
  void contentOfAnAnswerAskedToBeJsonIsRestoredEscapedForJson() throws Exception {
    RestoringStream stream = new RestoringStream(new ScriptedStream(List.of(chunk("{\"key\":\"<SEC"), chunk("RET_1>\"}"), finish())),
        session, true);
    List<ChatChunk> out = new ArrayList<>();
    for (ChatChunk c = stream.next(); c != null; c = stream.next()) out.add(c);

    assertThat(text(out)).isEqualTo("{\"key\":\"\\\"quoted\\\"\\nsecret\"}");
  }

  @Test
  void streamedThinkingTextIsRestoredAndTheSignedThinkingBlockPassesAsTheModelWroteIt() throws Exception {
    Map<String, Object> block = Map.of("type", "thinking", "thinking", "Mail <EMAIL_1>", "signature", "sig");
    List<ChatChunk> out = drain(extraDelta(Message.REASONING_CONTENT, "Mail <EM"),
        extraDelta(Message.REASONING_CONTENT, "AIL_1"), extraDelta(Message.THINKING_BLOCKS, List.of(block)),
        chunk("Done."), finish());

    assertThat(out).extracting(c -> c.choices().getFirst().delta().extra().get(Message.REASONING_CONTENT))
        .containsExactly("Mail ", "", "<EMAIL_1", null, null);
    assertThat(out.get(2).choices().getFirst().delta().extra().get(Message.THINKING_BLOCKS)).isEqualTo(List.of(block));
    assertThat(drain(extraDelta(Message.REASONING_CONTENT, "Mail <EM"), extraDelta(Message.REASONING_CONTENT, "AIL_1>"),
        finish())).extracting(c -> c.choices().getFirst().delta().extra().get(Message.REASONING_CONTENT))
        .containsExactly("Mail ", "jane@example.com", null);
  }

  @Test
  void thinkingTextStillHeldWhenTheAnswerBeginsGoesOutWithTheAnswersFirstChunk() throws Exception {
    List<ChatChunk> out = drain(extraDelta(Message.REASONING_CONTENT, "Mail <EMAIL_"), chunk("Done."), finish());

    assertThat(out).extracting(c -> c.choices().getFirst().delta().extra().get(Message.REASONING_CONTENT))
        .containsExactly("Mail ", "<EMAIL_", null);
    assertThat(out.get(1).choices().getFirst().delta().content()).isEqualTo("Done.");
  }

  @Test
  void thinkingTextStillHeldWhenTheStreamStopsComesInTheLastChunk() throws Exception {
    List<ChatChunk> out = drain(extraDelta(Message.REASONING_CONTENT, "Mail <EMAIL_"));

    assertThat(out).hasSize(2);
    assertThat(out.getLast().choices().getFirst().delta().extra()).containsEntry(Message.REASONING_CONTENT, "<EMAIL_");
  }

  @Test
  void streamedLegacyFunctionCallArgumentsAreRestoredAndEscapedForJson() throws Exception {
    List<ChatChunk> out = drain(extraDelta("function_call", Map.of("name", "send", "arguments", "{\"to\":\"<EMA")),
        extraDelta("function_call", Map.of("arguments", "IL_1>\",\"key\":\"<SECRET_1>\"}")), finish());

    StringBuilder arguments = new StringBuilder();
    for (ChatChunk c : out) {
      ChatChunk.Delta delta = c.choices().getFirst().delta();
      if (delta != null && delta.extra().get("function_call") instanceof Map<?, ?> call) {
        arguments.append(call.get("arguments"));
      }
    }
    assertThat(arguments.toString()).isEqualTo("{\"to\":\"jane@example.com\",\"key\":\"\\\"quoted\\\"\\nsecret\"}");
    assertThat(out.getFirst().choices().getFirst().delta().extra().get("function_call"))
        .isEqualTo(Map.of("name", "send", "arguments", "{\"to\":\""));
  }

  @Test
  void aPlaceholderSpreadOverFiveChunksWithAnEmptyDeltaBetweenIsRestoredWhole() throws Exception {
    List<ChatChunk> out = drain(chunk("to <"), chunk("EM"), extraDelta("note", "no text"), chunk("AIL"), chunk("_"),
        chunk("1> now"), finish());

    assertThat(out).hasSize(7);
    assertThat(text(out)).isEqualTo("to jane@example.com now");
    assertThat(out.get(5).choices().getFirst().delta().content()).isEqualTo("jane@example.com now");
  }

  @Test
  void toolCallArgumentsCutOffMidPlaceholderAfterThreeChunksAreFlushedAsTheyWereWritten() throws Exception {
    List<ChatChunk> out = drain(toolArguments(0, "{\"to\":\"<EM"), toolArguments(0, "AIL"), toolArguments(0, "_1"));

    assertThat(out).hasSize(4);
    StringBuilder arguments = new StringBuilder();
    for (ChatChunk c : out) {
      List<ToolCall> calls = c.choices().getFirst().delta().toolCalls();
      if (calls != null) calls.forEach(t -> arguments.append(t.function().arguments()));
    }
    assertThat(arguments.toString()).isEqualTo("{\"to\":\"<EMAIL_1");
    assertThat(out.getLast().choices().getFirst().delta().toolCalls()).singleElement()
        .satisfies(t -> assertThat(t.index()).isZero());
  }

  @Test
  void legacyFunctionCallArgumentsCutOffMidPlaceholderAreFlushedAsTheyWereWritten() throws Exception {
    List<ChatChunk> out = drain(extraDelta("function_call", Map.of("name", "send", "arguments", "{\"to\":\"<")),
        extraDelta("function_call", Map.of("arguments", "EMAIL")), extraDelta("function_call", Map.of("arguments", "_")));

    assertThat(out).hasSize(4);
    assertThat(out).extracting(c -> (Object) ((Map<?, ?>) c.choices().getFirst().delta().extra().get("function_call"))
        .get("arguments")).containsExactly("{\"to\":\"", "", "", "<EMAIL_");
  }

  @Test
  void theFirstChunkIsRestoredThroughTheSameRestorers() throws Exception {
    RestoringStream stream = new RestoringStream(new ScriptedStream(List.of(chunk("MAIL_1>"), finish())), session);

    ChatChunk first = stream.restoreFirst(chunk("hi <E"));

    assertThat(first.choices().getFirst().delta().content()).isEqualTo("hi ");
    assertThat(stream.next().choices().getFirst().delta().content()).isEqualTo("jane@example.com");
  }

  @Test
  void aChoicesUnknownFieldsSuchAsAzuresContentFilterResultsSurviveTheRestore() throws Exception {
    Map<String, Object> filter = Map.of("hate", Map.of("filtered", false, "severity", "safe"));
    ChatChunk.Choice choice = chunk("Write to <EMAIL_1>").choices().getFirst();
    ChatChunk filtered = new ChatChunk("c1", ChatChunk.OBJECT, 1L, "up", List.of(new ChatChunk.Choice(
        choice.index(), choice.delta(), null, null, new LinkedHashMap<>(Map.of("content_filter_results",
        filter)))), null, null, null);

    List<ChatChunk> out = drain(filtered, finish());

    assertThat(out.getFirst().choices().getFirst().extra()).containsEntry("content_filter_results", filter);
    assertThat(out.getFirst().choices().getFirst().delta().content()).isEqualTo("Write to jane@example.com");
  }

  @Test
  void textHeldWhenTheUpstreamBreaksOffGoesOutBeforeTheFailure() throws Exception {
    ProviderException broken = new ProviderException(ProviderException.Kind.SERVER_ERROR, 0, "connection reset");
    RestoringStream stream = new RestoringStream(new ScriptedStream(List.of(chunk("Write to <EMAIL_1> or <EMA")), broken), session);

    assertThat(stream.next().choices().getFirst().delta().content()).isEqualTo("Write to jane@example.com or ");
    assertThat(stream.next().choices().getFirst().delta().content()).isEqualTo("<EMA");
    assertThatThrownBy(stream::next).isSameAs(broken);
    assertThat(stream.next()).isNull();
  }

  @Test
  void aFailureWithNothingHeldIsThrownAtOnce() throws Exception {
    ProviderException broken = new ProviderException(ProviderException.Kind.TIMEOUT, 0, "read timed out");
    RestoringStream stream = new RestoringStream(new ScriptedStream(List.of(chunk("Write to <EMAIL_1>")), broken), session);

    assertThat(stream.next().choices().getFirst().delta().content()).isEqualTo("Write to jane@example.com");
    assertThatThrownBy(stream::next).isSameAs(broken);
  }

  @Test
  void theUsageOnlyChunkStaysLastWhenTextWasStillHeldAtTheEnd() throws Exception {
    List<ChatChunk> out = drain(chunk("see <EMAIL_"), usageOnly());

    assertThat(out).hasSize(3);
    assertThat(out.get(1).choices().getFirst().delta().content()).isEqualTo("<EMAIL_");
    assertThat(out.getLast().usageOnly()).isTrue();
  }

  @Test
  void aGuardrailThatEndsTheStreamAfterTheUsageChunkStillLetsTheUsageThrough() throws Exception {
    RuntimeException blocked = new IllegalStateException("blocked by a guardrail");
    RestoringStream stream = new RestoringStream(new ScriptedStream(List.of(chunk("hi"), finish(), usageOnly()), blocked), session);

    assertThat(stream.next().choices().getFirst().delta().content()).isEqualTo("hi");
    assertThat(stream.next().choices().getFirst().finishReason()).isEqualTo("stop");
    assertThat(stream.next().usage()).isEqualTo(Usage.of(7, 5));
    assertThatThrownBy(stream::next).isSameAs(blocked);
  }

  private List<ChatChunk> drain(ChatChunk... chunks) throws Exception {
    RestoringStream stream = new RestoringStream(new ScriptedStream(List.of(chunks)), session);
    List<ChatChunk> out = new ArrayList<>();
    for (ChatChunk c = stream.next(); c != null; c = stream.next()) out.add(c);
    return out;
  }

  /** The content the chunks give choice {@code choice}, joined. */
  private static String content(List<ChatChunk> chunks, int choice) {
    StringBuilder all = new StringBuilder();
    for (ChatChunk c : chunks) {
      for (ChatChunk.Choice ch : c.choices()) {
        if (ch.index() == choice && ch.delta() != null && ch.delta().content() != null) all.append(ch.delta().content());
      }
    }
    return all.toString();
  }

  private static String text(List<ChatChunk> chunks) {
    StringBuilder all = new StringBuilder();
    for (ChatChunk c : chunks) {
      String content = c.choices().getFirst().delta().content();
      if (content != null) all.append(content);
    }
    return all.toString();
  }

  private static ChatChunk usageOnly() {
    return new ChatChunk("c1", ChatChunk.OBJECT, 1L, "up", List.of(), Usage.of(7, 5), null, null);
  }

  private static ChatChunk toolFragment(String id, String arguments) {
    ToolCall fragment = new ToolCall(null, id, null, new ToolCall.FunctionCall(null, arguments));
    return new ChatChunk("c1", ChatChunk.OBJECT, 1L, "up", List.of(new ChatChunk.Choice(0,
        new ChatChunk.Delta(null, null, List.of(fragment), null, null), null, null)), null, null, null);
  }

  private static List<ToolCall> toolCalls(List<ChatChunk> out) {
    List<ToolCall> calls = new ArrayList<>();
    for (ChatChunk c : out) {
      ChatChunk.Delta delta = c.choices().getFirst().delta();
      if (delta != null && delta.toolCalls() != null) calls.addAll(delta.toolCalls());
    }
    return calls;
  }

  @Test
  void oneCallInFragmentsWithoutIndexIsRestoredAcrossThem() throws Exception {
    List<ChatChunk> out = drain(toolFragment("a", "{\"to\":\"<EM"), toolFragment(null, "AIL_1>\"}"), finish());

    StringBuilder arguments = new StringBuilder();
    toolCalls(out).forEach(t -> arguments.append(t.function().arguments()));
    assertThat(arguments.toString()).isEqualTo("{\"to\":\"jane@example.com\"}");
  }

  @Test
  void twoCallsOneAfterTheOtherWithoutIndexKeepWhatEachHoldsApart() throws Exception {
    List<ChatChunk> out = drain(toolFragment("a", "{\"to\":\"<EMAIL_"), toolFragment("b", "{}"), finish());

    List<ToolCall> calls = toolCalls(out);
    assertThat(calls).filteredOn(t -> "b".equals(t.id())).singleElement()
        .satisfies(t -> assertThat(t.function().arguments()).isEqualTo("{}"));
    assertThat(calls.getLast().index()).as("what the first call held, flushed as its own").isZero();
    assertThat(calls.getLast().function().arguments()).isEqualTo("<EMAIL_");
  }
}
