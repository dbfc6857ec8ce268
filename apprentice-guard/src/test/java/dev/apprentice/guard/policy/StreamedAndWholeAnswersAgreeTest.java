package dev.apprentice.guard.policy;

import static dev.apprentice.guard.Chats.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.Message;
import dev.apprentice.api.ToolCall;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.ScriptedStream;
import dev.apprentice.guard.chat.RedactingStream;
import dev.apprentice.guard.output.JsonSchemaCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The same answer, streamed in small pieces or not, gets the same verdicts and the same values replaced: several
 * choices, a choice cut short by its token limit, tool-call arguments split over many chunks.
 */
class StreamedAndWholeAnswersAgreeTest {

  private static final String PROSE = "Thank you for contacting the bank about your statement, we are glad to help. "
      + "Our team reviewed the question and the answer below should settle it for good. ";
  /** Built at run time so that no token-shaped literal sits in the sources; never a real credential. */
  private static final String KEY = "sk-" + "proj-" + "4155552671" + "abcdefGHIJKLmnop1234";

  private final GuardPolicy policy = Policies.answers(Action.REDACT, Action.REDACT);
  private final ChatRequest request = request(Message.user("Who handles refunds?"));
  private final InputCheck in = new InputGuard(policy).check(request);
  private final OutputGuard guard = new OutputGuard(policy, new JsonSchemaCheck());

  @Test
  void twoChoicesStreamedSideBySideAgreeWithTheWholeAnswer() throws Exception {
    List<String> texts = List.of(PROSE + "Write to ops@acme-bank.example.org today. " + PROSE,
        PROSE + "Use " + KEY + " and mail help@acme-bank.example.org. " + PROSE);
    agree(texts, List.of("stop", "stop"));
  }

  @Test
  void eachChoicesValuesAreNumberedAsTheWholeAnswerNumbersThemWhicheverChoiceGivesItsValueOutFirst() throws Exception {
    // the second choice's address goes out long before the first's: the numbers are the choices' own, not the order
    // in which the interleaved choices happened to give their values out
    List<String> texts = List.of(PROSE + PROSE + "Write to ops@acme-bank.example.org today.",
        "Write to help@acme-bank.example.org or use " + KEY + ". " + PROSE + PROSE);

    OutputCheck whole = agree(texts, List.of("stop", "stop"));

    assertThat(whole.forCaller().choices().get(0).message().content().text()).endsWith("Write to <EMAIL_1> today.");
    assertThat(whole.forCaller().choices().get(1).message().content().text())
        .startsWith("Write to <EMAIL_1> or use <SECRET_1>. ");
  }

  @Test
  void aChoicesThinkingWrittenBeforeItsContentNumbersItsValuesFirstStreamedOrNot() throws Exception {
    String thought = "The customer asked about ops@acme-bank.example.org before. " + PROSE;
    String content = PROSE + "Write to help@acme-bank.example.org today.";
    Map<String, Object> extra = new java.util.LinkedHashMap<>();
    extra.put(Message.REASONING_CONTENT, thought);
    ChatResponse whole = new ChatResponse("r1", "chat.completion", 1L, "up", List.of(new ChatResponse.Choice(0,
        new Message("assistant", dev.apprentice.api.Content.text(content), null, null, null, null, extra), "stop",
        null)), null, null, null);
    List<ChatChunk> chunks = new ArrayList<>();
    for (String piece : pieces(thought, 5)) {
      chunks.add(chunk(0, new ChatChunk.Delta(null, null, null, null,
          new java.util.LinkedHashMap<>(Map.of(Message.REASONING_CONTENT, piece))), null));
    }
    for (String piece : pieces(content, 5)) chunks.add(chunk(0, ChatChunk.Delta.text(piece), null));
    chunks.add(chunk(0, ChatChunk.Delta.text(null), "stop"));

    Streamed streamed = stream(chunks);
    OutputCheck check = guard.check(request, in, whole, false, false);

    Message answer = check.forCaller().choices().getFirst().message();
    assertThat(streamed.content(0)).isEqualTo(answer.content().text()).endsWith("Write to <EMAIL_2> today.");
    assertThat((String) answer.extra().get(Message.REASONING_CONTENT)).startsWith("The customer asked about <EMAIL_1> ");
  }

  @Test
  void aChoiceCutShortByItsTokenLimitAgreesWithTheWholeAnswer() throws Exception {
    agree(List.of(PROSE + "Write to ops@acme-bank.example.org"), List.of("length"));
  }

  @Test
  void toolCallArgumentsSplitOverManyChunksAgreeWithTheWholeAnswer() throws Exception {
    String arguments = "{\"to\":\"ops@acme-bank.example.org\",\"key\":\"" + KEY + "\",\"note\":\"" + PROSE + "\"}";
    ChatResponse whole = new ChatResponse("r1", "chat.completion", 1L, "up", List.of(new ChatResponse.Choice(0,
        Message.assistant(null, List.of(ToolCall.function("t1", "send", arguments))), "tool_calls", null)), null,
        null, null);
    List<ChatChunk> chunks = new ArrayList<>();
    chunks.add(chunk(0, new ChatChunk.Delta("assistant", null,
        List.of(new ToolCall(0, "t1", "function", new ToolCall.FunctionCall("send", ""))), null, null), null));
    for (String piece : pieces(arguments, 3)) {
      chunks.add(chunk(0, new ChatChunk.Delta(null, null,
          List.of(new ToolCall(0, null, null, new ToolCall.FunctionCall(null, piece))), null, null), null));
    }
    chunks.add(chunk(0, new ChatChunk.Delta(null, null, null, null, null), "tool_calls"));

    Streamed streamed = stream(chunks);
    OutputCheck check = guard.check(request, in, whole, false, false);

    assertThat(streamed.arguments(0)).isEqualTo(arguments(check.forCaller(), 0));
    assertThat(tally(streamed.check(guard, request, in).verdicts())).isEqualTo(tally(check.verdicts()));
  }

  /**
   * Streams the texts, one choice per text, in pieces of five characters taken in turn, and compares; the check of
   * the whole answer.
   */
  private OutputCheck agree(List<String> texts, List<String> finishes) throws Exception {
    List<ChatResponse.Choice> choices = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      choices.add(new ChatResponse.Choice(i, Message.assistant(texts.get(i)), finishes.get(i), null));
    }
    ChatResponse whole = new ChatResponse("r1", "chat.completion", 1L, "up", choices, null, null, null);
    List<ChatChunk> chunks = new ArrayList<>();
    List<List<String>> pieces = texts.stream().map(t -> pieces(t, 5)).toList();
    for (int at = 0; pieces.stream().anyMatch(p -> p.size() > 0); at++) {
      for (int i = 0; i < pieces.size(); i++) {
        if (pieces.get(i).isEmpty()) continue;
        chunks.add(chunk(i, ChatChunk.Delta.text(pieces.get(i).removeFirst()), null));
      }
    }
    for (int i = 0; i < texts.size(); i++) chunks.add(chunk(i, ChatChunk.Delta.text(null), finishes.get(i)));

    Streamed streamed = stream(chunks);
    OutputCheck check = guard.check(request, in, whole, false, false);

    for (int i = 0; i < texts.size(); i++) {
      assertThat(streamed.content(i)).as("choice %d", i)
          .isEqualTo(check.forCaller().choices().get(i).message().content().text());
    }
    assertThat(tally(streamed.check(guard, request, in).verdicts())).isEqualTo(tally(check.verdicts()));
    return check;
  }

  private Streamed stream(List<ChatChunk> chunks) throws Exception {
    StreamRedaction redaction = guard.streamRedaction(in, List.of());
    ChunkStream redacting = new RedactingStream(new ScriptedStream(chunks), redaction);
    List<ChatChunk> out = new ArrayList<>();
    for (ChatChunk c = redacting.next(); c != null; c = redacting.next()) out.add(c);
    return new Streamed(out, redaction);
  }

  /** Each verdict as scanner, action and findings. */
  private static List<String> tally(List<GuardVerdict> verdicts) {
    return verdicts.stream().map(v -> v.scanner() + ":" + v.action() + new TreeMap<>(v.findings())).toList();
  }

  private static String arguments(ChatResponse answer, int choice) {
    return answer.choices().get(choice).message().toolCalls().getFirst().function().arguments();
  }

  private static List<String> pieces(String text, int size) {
    List<String> pieces = new ArrayList<>();
    for (int at = 0; at < text.length(); at += size) pieces.add(text.substring(at, Math.min(text.length(), at + size)));
    return pieces;
  }

  private static ChatChunk chunk(int choice, ChatChunk.Delta delta, String finish) {
    return new ChatChunk("c1", ChatChunk.OBJECT, 1L, "up", List.of(new ChatChunk.Choice(choice, delta, finish, null)),
        null, null, null);
  }

  /** What a redacted stream gave out, assembled by choice. */
  private record Streamed(List<ChatChunk> out, StreamRedaction redaction) {

    String content(int choice) {
      StringBuilder text = new StringBuilder();
      for (ChatChunk c : out) {
        for (ChatChunk.Choice ch : c.choices()) {
          if (ch.index() == choice && ch.delta() != null && ch.delta().content() != null) {
            text.append(ch.delta().content());
          }
        }
      }
      return text.toString();
    }

    String arguments(int choice) {
      StringBuilder text = new StringBuilder();
      for (ChatChunk c : out) {
        for (ChatChunk.Choice ch : c.choices()) {
          if (ch.index() != choice || ch.delta() == null || ch.delta().toolCalls() == null) continue;
          ch.delta().toolCalls().forEach(t -> text.append(t.function().arguments()));
        }
      }
      return text.toString();
    }

    OutputCheck check(OutputGuard guard, ChatRequest request, InputCheck in) {
      Map<Integer, ChatResponse.Choice> choices = new TreeMap<>();
      for (ChatChunk c : out) {
        for (ChatChunk.Choice ch : c.choices()) {
          String args = arguments(ch.index());
          Message message = args.isEmpty() ? Message.assistant(content(ch.index()))
              : Message.assistant(null, List.of(ToolCall.function("t1", "send", args)));
          choices.put(ch.index(), new ChatResponse.Choice(ch.index(), message, "stop", null));
        }
      }
      ChatResponse assembled = new ChatResponse("r1", "chat.completion", 1L, "up", List.copyOf(choices.values()),
          null, null, null);
      return guard.checkStreamed(request, in, List.of(), assembled, redaction);
    }
  }
}
