package dev.apprentice.guard.policy;

import static dev.apprentice.guard.Chats.chunk;
import static dev.apprentice.guard.Chats.finish;
import static dev.apprentice.guard.Chats.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.Chats;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.ScriptedStream;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.chat.RedactingStream;
import dev.apprentice.guard.output.JsonSchemaCheck;
import dev.apprentice.guard.redact.StreamBlocked;
import dev.apprentice.guard.redact.StreamRedactionFailed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A streamed answer a {@code block} scanner refuses, and a redaction pass that fails: neither lets text out. */
class StreamRefusalsTest {

  /** Built at run time so that no token-shaped literal sits in the sources; never a real credential. */
  private static final String KEY = "sk-" + "proj-" + "Q7x9LmP2vR4tY8wK3nB6cF1hJ5dS0gA".repeat(2);
  private static final String PROSE = "Thank you for contacting the bank about your statement, we are glad to help. "
      + "Our team reviewed the question and the answer below should settle it for good. ";

  private final JsonSchemaCheck schemas = new JsonSchemaCheck();

  @Test
  void aBlockingScannerAloneHoldsTheStreamSoTheKeyItRefusesNeverGoesOut() {
    GuardPolicy policy = Policies.answers(Action.OFF, Action.BLOCK);
    ChatRequest request = request(Message.user("How do I call the API?"));
    InputCheck in = new InputGuard(policy).check(request);
    OutputGuard guard = new OutputGuard(policy, schemas);
    StreamRedaction redaction = guard.streamRedaction(in, List.of());
    assertThat(redaction).as("a block scanner holds the stream").isNotNull();
    RedactingStream stream = new RedactingStream(new ScriptedStream(List.of(
        chunk(PROSE + PROSE + "Use " + KEY.substring(0, 20)), chunk(KEY.substring(20)), chunk(" for the API. " + PROSE),
        finish())), redaction);

    List<ChatChunk> out = new ArrayList<>();
    assertThatThrownBy(() -> {
      for (ChatChunk c = stream.next(); c != null; c = stream.next()) out.add(c);
    }).isInstanceOf(StreamBlocked.class);

    assertThat(text(out)).startsWith(PROSE).doesNotContain("sk-");
    OutputCheck check = guard.checkStreamed(request, in, List.of(), Chats.answer(text(out)), redaction);
    assertThat(check.blockedMessage()).isEqualTo("The answer was blocked by a guardrail: scanner 'secrets' found 1 SECRET.");
    assertThat(check.verdicts()).extracting(GuardVerdict::action).containsExactly("block");
  }

  @Test
  void aFirstChunkHoldingARefusedValueIsRefusedBeforeAnythingGoesOut() {
    GuardPolicy policy = Policies.answers(Action.REDACT, Action.BLOCK);
    InputCheck in = new InputGuard(policy).check(request(Message.user("How do I call it?")));
    RedactingStream stream = new RedactingStream(new ScriptedStream(List.of(finish())),
        new OutputGuard(policy, schemas).streamRedaction(in, List.of()));

    assertThatThrownBy(() -> stream.redactFirst(chunk(PROSE + PROSE + "Use " + KEY + " for the API. " + PROSE)))
        .isInstanceOf(StreamBlocked.class);
  }

  @Test
  void aScannerThatFailsMidStreamEndsItWithARedactionFailureCarryingTheCause() {
    RedactingStream stream = new RedactingStream(new ScriptedStream(List.of(chunk(PROSE), chunk(PROSE + "boom " + PROSE), finish())),
        failingRedaction());

    assertThatThrownBy(() -> {
      for (ChatChunk c = stream.next(); c != null; c = stream.next()) assertThat(c.toString()).doesNotContain("boom");
    }).isInstanceOf(StreamRedactionFailed.class).hasRootCauseMessage("scanner defect");
  }

  @Test
  void aScannerThatFailsOnTheFirstChunkFailsItsRedactionAlike() {
    RedactingStream stream = new RedactingStream(new ScriptedStream(List.of(finish())), failingRedaction());

    assertThatThrownBy(() -> stream.redactFirst(chunk(PROSE + "boom " + PROSE)))
        .isInstanceOf(StreamRedactionFailed.class).hasRootCauseMessage("scanner defect");
  }

  /** Output {@code pii: redact} with a scanner that fails on any text holding "boom". */
  private StreamRedaction failingRedaction() {
    Scanner failing = new Scanner() {
      @Override
      public String name() {
        return "pii";
      }

      @Override
      public double threshold() {
        return 0.5;
      }

      @Override
      public ScanResult scan(String text) {
        if (text.contains("boom")) throw new IllegalStateException("scanner defect");
        return ScanResult.of("pii", List.of());
      }
    };
    GuardPolicy policy = new GuardPolicy(Map.of(), Map.of("pii", Action.REDACT), Action.OFF, false, false,
        Map.of("pii", failing));
    InputCheck in = new InputGuard(policy).check(request(Message.user("hi")));
    return new OutputGuard(policy, schemas).streamRedaction(in, List.of());
  }

  private static String text(List<ChatChunk> chunks) {
    StringBuilder text = new StringBuilder();
    for (ChatChunk c : chunks) {
      ChatChunk.Delta d = c.choices().getFirst().delta();
      if (d != null && d.content() != null) text.append(d.content());
    }
    return text.toString();
  }
}
