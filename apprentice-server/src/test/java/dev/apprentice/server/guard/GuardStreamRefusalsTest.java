package dev.apprentice.server.guard;

import static dev.apprentice.server.guard.GuardedGateway.askStreaming;
import static dev.apprentice.testing.FakeProvider.streamChunks;
import static dev.apprentice.testing.FakeProvider.streamReply;
import static dev.apprentice.testing.FakeProvider.textChunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Message;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.policy.Action;
import dev.apprentice.guard.policy.GuardPolicy;
import dev.apprentice.testing.FakeProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A streamed answer refused before anything went out answers 422 like an answer not streamed; a redaction pass that
 * fails ends the stream (or the call) with the guard's documented failure and closes the upstream's stream. What the
 * upstream sent is charged either way, as it is when the check of an answer not streamed fails.
 */
class GuardStreamRefusalsTest {

  /** Built at run time so that no token-shaped literal sits in the sources; never a real credential. */
  private static final String KEY = "sk-" + "proj-" + "4155552671" + "abcdefGHIJKLmnop1234";
  private static final String PROSE = "Thank you for contacting the bank about your statement, we are glad to help. "
      + "Our team reviewed the question and the answer below should settle it for good. ";

  @Test
  void aKeyInTheFirstChunkIsRefusedWith422BeforeTheStreamStarts() {
    try (GuardedGateway gateway = new GuardedGateway("      output: { secrets: block }\n")) {
      gateway.upstream.then(streamChunks(textChunk(PROSE + PROSE + "Use " + KEY + " for the API. " + PROSE),
          FakeProvider.chunk(new ChatChunk.Delta(null, null, null, null, null), "stop")));

      assertThatThrownBy(() -> gateway.execute(askStreaming("How do I call the API?")))
          .isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_BLOCKED);
            assertThat(e.getMessage())
                .isEqualTo("The answer was blocked by a guardrail: scanner 'secrets' found 1 SECRET.");
          });

      assertThat(gateway.upstream.closes()).as("the upstream's stream closed").isEqualTo(1);
      TraceRecord trace = gateway.lastTrace();
      assertThat(trace.status()).as("no stream began").isEqualTo(422);
      assertThat(trace.errorCode()).isEqualTo("content_blocked");
      assertThat(trace.details().verdicts()).filteredOn(v -> v.direction().equals(GuardVerdict.OUTPUT))
          .extracting(v -> v.scanner() + ":" + v.action()).containsExactly("secrets:block");
      assertThat(String.valueOf(trace.response())).doesNotContain(KEY);
      assertThat(trace.tokens().output()).as("charged for what the upstream sent, as a blocked answer is").isPositive();
    }
  }

  @Test
  void aScannerThatFailsMidStreamEndsItWithTheGuardsFailureAndClosesTheUpstream() throws Exception {
    try (GuardedGateway gateway = new GuardedGateway(failingPolicy())) {
      gateway.upstream.then(streamReply(PROSE, PROSE + "boom " + PROSE, "The end."));

      Outcome.Streaming streaming = (Outcome.Streaming) gateway.execute(askStreaming("Tell me."));
      assertThat(streaming.first()).isNotNull();
      assertThatThrownBy(() -> {
        while (streaming.rest().next() != null) {
          // read to the failure
        }
      }).isInstanceOfSatisfying(GatewayException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(e.getMessage()).startsWith("internal error: a guardrail failed (trace ");
      });

      assertThat(gateway.upstream.closes()).as("closed by the guard, before the reader closes it").isEqualTo(1);
      streaming.rest().close();
      TraceRecord trace = gateway.lastTrace();
      assertThat(trace.errorCode()).isEqualTo("internal_error");
      assertThat(trace.response()).as("the trace keeps no answer").isNull();
      assertThat(trace.tokens().output()).as("what the upstream sent before the failure is charged").isPositive();
    }
  }

  @Test
  void aScannerThatFailsOnTheFirstChunkFailsTheCallWithTheGuardsFailureAndClosesTheUpstream() {
    try (GuardedGateway gateway = new GuardedGateway(failingPolicy())) {
      gateway.upstream.then(streamReply("boom " + PROSE + PROSE, "The end."));

      assertThatThrownBy(() -> gateway.execute(askStreaming("Tell me.")))
          .isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(e.getMessage()).startsWith("internal error: a guardrail failed (trace ");
          });

      assertThat(gateway.upstream.closes()).isEqualTo(1);
      assertThat(gateway.lastTrace().status()).isEqualTo(500);
      assertThat(gateway.lastTrace().tokens().output()).as("the first chunk the upstream sent is charged").isPositive();
    }
  }

  @Test
  void anAnswerNotStreamedWhoseCheckFailsIsChargedAsABlockedAnswerIs() {
    try (GuardedGateway gateway = new GuardedGateway(failingPolicy())) {
      gateway.upstream.then(FakeProvider.reply("boom " + PROSE));

      assertThatThrownBy(() -> gateway.execute(GuardedGateway.ask("Tell me.")))
          .isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(e.getMessage()).startsWith("internal error: a guardrail failed (trace ");
          });

      TraceRecord trace = gateway.lastTrace();
      assertThat(trace.status()).isEqualTo(500);
      assertThat(trace.response()).as("the trace keeps no answer").isNull();
      assertThat(trace.tokens().output()).as("the upstream answered and was paid").isPositive();
    }
  }

  @Test
  void aKeyRefusedMidStreamEndsItWithTheBlockAndTheUpstreamClosedBeforeTheReaderClosesIt() throws Exception {
    try (GuardedGateway gateway = new GuardedGateway("      output: { secrets: block }\n")) {
      int half = KEY.length() / 2;
      gateway.upstream.then(streamReply(PROSE, "Use " + KEY.substring(0, half), KEY.substring(half) + " now.", PROSE));

      Outcome.Streaming streaming = (Outcome.Streaming) gateway.execute(askStreaming("How do I call the API?"));
      assertThatThrownBy(() -> {
        while (streaming.rest().next() != null) {
          // read to the block
        }
      }).isInstanceOfSatisfying(GatewayException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_BLOCKED));

      assertThat(gateway.upstream.closes()).as("closed by the guard, before the reader closes it").isEqualTo(1);
      streaming.rest().close();
      assertThat(gateway.lastTrace().errorCode()).isEqualTo("content_blocked");
    }
  }

  @Test
  void anAnswerBlockedByTheCheckWhenTheStreamEndsHasTheUpstreamClosedBeforeTheReaderClosesIt() throws Exception {
    try (GuardedGateway gateway = new GuardedGateway("      output: { json_schema: block }\n")) {
      gateway.upstream.then(streamReply("{\"name\":", "\"Ada\"}"));
      Map<String, Object> format = Map.of("type", "json_schema", "json_schema", Map.of("name", "person", "schema",
          Map.of("type", "object", "required", List.of("name", "age"))));

      Outcome.Streaming streaming = (Outcome.Streaming) gateway.execute(
          GuardedGateway.request(true, format, Message.user("Invent a person")));
      assertThatThrownBy(() -> {
        while (streaming.rest().next() != null) {
          // read to the block
        }
      }).isInstanceOfSatisfying(GatewayException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_BLOCKED));

      assertThat(gateway.upstream.closes()).as("closed by the guard, before the reader closes it").isEqualTo(1);
      streaming.rest().close();
      assertThat(gateway.lastTrace().errorCode()).isEqualTo("content_blocked");
    }
  }

  /** Output {@code pii: redact} read by a scanner that fails on any text holding "boom". */
  private static GuardPolicy failingPolicy() {
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
    return new GuardPolicy(Map.of(), Map.of("pii", Action.REDACT), Action.OFF, false, false, Map.of("pii", failing));
  }
}
