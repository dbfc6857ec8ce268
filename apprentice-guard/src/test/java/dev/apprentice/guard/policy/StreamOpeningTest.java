package dev.apprentice.guard.policy;

import static dev.apprentice.guard.Chats.chunk;
import static dev.apprentice.guard.Chats.finish;
import static dev.apprentice.guard.Chats.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.ScriptedStream;
import dev.apprentice.guard.chat.OpeningBrokeOff;
import dev.apprentice.guard.chat.RedactingStream;
import dev.apprentice.guard.output.JsonSchemaCheck;
import dev.apprentice.guard.redact.StreamBlocked;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The opening of a redacted stream read ahead while all of its text is held ({@link RedactingStream#redactOpening}),
 * and the text a stream still holds when it is given up ({@link RedactingStream#heldBack}).
 */
class StreamOpeningTest {

  private static final String PROSE = "Thank you for contacting the bank about your statement, we are glad to help. "
      + "Our team reviewed the question and the answer below should settle it for good. ";
  /** Built at run time so that no token-shaped literal sits in the sources; never a real credential. */
  private static final String KEY = "sk-" + "proj-" + "4155552671" + "abcdefGHIJKLmnop1234";
  private static final ChatChunk ROLE = new ChatChunk("c1", ChatChunk.OBJECT, 1L, "up",
      List.of(new ChatChunk.Choice(0, new ChatChunk.Delta("assistant", "", null, null, null), null, null)), null, null,
      null);

  private final GuardPolicy policy = Policies.answers(Action.REDACT, Action.BLOCK);
  private final ChatRequest request = request(Message.user("How do I call the API?"));
  private final InputCheck in = new InputGuard(policy).check(request);
  private final OutputGuard guard = new OutputGuard(policy, new JsonSchemaCheck());

  @Test
  void aKeyInTheWindowOfTheOpeningChunksIsRefusedByTheOpeningWithTheChunksItReadToFindIt() {
    ScriptedStream upstream = new ScriptedStream(List.of(chunk("Use sk-" + "proj-4155"),
        chunk("552671abcdefGHIJKLmnop1234 now. "), chunk(PROSE), finish()));
    RedactingStream stream = new RedactingStream(upstream, guard.streamRedaction(in, List.of()));
    List<ChatChunk> read = new ArrayList<>();

    assertThatThrownBy(() -> stream.redactOpening(ROLE, () -> true, read::add)).isInstanceOf(StreamBlocked.class);
    assertThat(read).hasSize(3).isEqualTo(List.of(chunk("Use sk-" + "proj-4155"),
        chunk("552671abcdefGHIJKLmnop1234 now. "), chunk(PROSE)));
  }

  @Test
  void aCleanOpeningIsReadUntilItsFirstTextAndEveryChunkStillComesOutInOrder() throws Exception {
    ScriptedStream upstream = new ScriptedStream(List.of(chunk(PROSE), chunk(PROSE), chunk("The end."), finish()));
    RedactingStream stream = new RedactingStream(upstream, guard.streamRedaction(in, List.of()));

    ChatChunk first = stream.redactOpening(ROLE, () -> true, chunk -> { });

    assertThat(upstream.read()).as("read no further than the first text").isEqualTo(1);
    StringBuilder text = new StringBuilder(first.choices().getFirst().delta().content());
    for (ChatChunk c = stream.next(); c != null; c = stream.next()) {
      String content = c.choices().getFirst().delta() == null ? null : c.choices().getFirst().delta().content();
      if (content != null) text.append(content);
    }
    assertThat(text.toString()).isEqualTo(PROSE + PROSE + "The end.");
  }

  @Test
  void anOpeningIsNotReadAheadOnceTheCallSaysToStop() {
    ScriptedStream upstream = new ScriptedStream(List.of(chunk("Hello"), chunk(PROSE), finish()));
    RedactingStream stream = new RedactingStream(upstream, guard.streamRedaction(in, List.of()));

    stream.redactOpening(ROLE, () -> false, chunk -> { });

    assertThat(upstream.read()).isZero();
  }

  @Test
  void anUpstreamThatKeepsSendingEmptyChunksStopsTheReadAhead() {
    List<ChatChunk> empty = new ArrayList<>();
    for (int i = 0; i < 5000; i++) empty.add(chunk(""));
    ScriptedStream upstream = new ScriptedStream(empty);
    RedactingStream stream = new RedactingStream(upstream, guard.streamRedaction(in, List.of()));

    stream.redactOpening(ROLE, () -> true, chunk -> { });

    assertThat(upstream.read()).isEqualTo(4096);
  }

  @Test
  void anUpstreamFailureBeforeAnythingWasHeldFailsTheOpening() {
    ProviderException broke = new ProviderException(ProviderException.Kind.SERVER_ERROR, 0, "broke", null, null);
    RedactingStream stream = new RedactingStream(new ScriptedStream(List.of(), broke),
        guard.streamRedaction(in, List.of()));

    assertThatThrownBy(() -> stream.redactOpening(ROLE, () -> true, chunk -> { }))
        .isInstanceOfSatisfying(OpeningBrokeOff.class, e -> assertThat(e.failure()).isSameAs(broke));
  }

  @Test
  void anUpstreamFailureWhileTheOpeningTextIsHeldFailsTheOpeningWithNoneOfItGivenOut() {
    ProviderException broke = new ProviderException(ProviderException.Kind.CONNECTION, 0, "lost", null, null);
    RedactingStream stream = new RedactingStream(new ScriptedStream(List.of(chunk("Use the key ")), broke),
        guard.streamRedaction(in, List.of()));
    List<ChatChunk> read = new ArrayList<>();

    assertThatThrownBy(() -> stream.redactOpening(ROLE, () -> true, read::add))
        .isInstanceOfSatisfying(OpeningBrokeOff.class, e -> assertThat(e.failure()).isSameAs(broke));
    assertThat(read).containsExactly(chunk("Use the key "));
  }

  @Test
  void theTextStillHeldWhenAStreamIsGivenUpIsRedactedAsAtItsEndAndItsValuesCounted() throws Exception {
    StreamRedaction redaction = guard.streamRedaction(in, List.of());
    RedactingStream stream = new RedactingStream(new ScriptedStream(List.of(chunk(PROSE + "Write to "
        + "ops@acme-bank.example.org today."))), redaction);
    stream.redactFirst(ROLE);
    ChatChunk given = stream.next();

    ChatChunk held = stream.heldBack();

    assertThat(given.choices().getFirst().delta().content()).doesNotContain("ops@");
    assertThat(held.choices().getFirst().delta().content()).endsWith("Write to <EMAIL_1> today.");
    GuardVerdict pii = redaction.merged(new GuardVerdict(GuardVerdict.OUTPUT, "pii", 0, "pass", null, 0));
    assertThat(pii.action()).isEqualTo("redact");
    assertThat(stream.heldBack()).as("given once").isNull();
  }
}
