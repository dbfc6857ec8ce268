package dev.apprentice.server.guard;

import static dev.apprentice.server.guard.GuardedGateway.ask;
import static dev.apprentice.testing.FakeProvider.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.testing.FakeProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Block and flag on the request, and PII in the answer, with the trace records they leave. */
class GuardDecisionsTest {

  private static final String EMAIL = "jane.doe@example.com";
  /** Built at run time so that no token-shaped literal sits in the sources; never a real credential. */
  private static final String TOKEN = "gh" + "p_" + new StringBuilder("5Az3Yx1Wv9Ut7Sr5Qp3Nm1Lk9Jh7Gf5Ed3Ba").reverse();

  @Test
  void aBlockedRequestNeverReachesTheUpstreamAndIsTracedAs422WithoutTheSecret() {
    try (GuardedGateway gateway = new GuardedGateway("      input: { secrets: block, pii: flag }\n")) {
      assertThatThrownBy(() -> gateway.text(ask("deploy with " + TOKEN)))
          .isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_BLOCKED);
            assertThat(e.getMessage()).contains("'secrets'").contains("SECRET").doesNotContain(TOKEN);
          });

      assertThat(gateway.upstream.calls()).isZero();
      TraceRecord trace = gateway.lastTrace();
      assertThat(trace.status()).isEqualTo(422);
      assertThat(trace.errorCode()).isEqualTo("content_blocked");
      assertThat(trace.request()).doesNotContain(TOKEN).contains("<SECRET_1>");
      assertThat(trace.details().verdicts()).extracting(GuardVerdict::scanner, GuardVerdict::action)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("pii", "pass"),
              org.assertj.core.groups.Tuple.tuple("secrets", "block"));
    }
  }

  @Test
  void aFlaggedRequestGoesUpstreamUnchangedAndItsVerdictIsTraced() throws Exception {
    try (GuardedGateway gateway = new GuardedGateway("      input: { pii: flag }\n")) {
      gateway.upstream.then(reply("ok"));

      assertThat(gateway.text(ask("write to " + EMAIL))).isEqualTo("ok");

      assertThat(gateway.receivedByUpstream()).contains(EMAIL);
      TraceRecord trace = gateway.lastTrace();
      assertThat(trace.status()).isEqualTo(200);
      assertThat(trace.request()).contains(EMAIL);
      assertThat(trace.details().verdicts()).singleElement().satisfies(v -> {
        assertThat(v.action()).isEqualTo("flag");
        assertThat(v.findings()).containsEntry("EMAIL_ADDRESS", 1);
      });
    }
  }

  @Test
  void personalDataInTheAnswerThatTheCallerDidNotSendIsFlagged() {
    try (GuardedGateway gateway = new GuardedGateway("      output: { pii: flag }\n")) {
      gateway.upstream.then(reply("Try support@acme-bank.example.org"), reply("Noted " + EMAIL));

      assertThat(gateway.text(ask("Who do I write to?"))).isEqualTo("Try support@acme-bank.example.org");
      assertThat(gateway.lastTrace().details().verdicts()).singleElement().satisfies(v -> {
        assertThat(v.direction()).isEqualTo(GuardVerdict.OUTPUT);
        assertThat(v.action()).isEqualTo("flag");
      });
      gateway.text(ask("My address is " + EMAIL));
      assertThat(gateway.lastTrace().details().verdicts()).singleElement().extracting(GuardVerdict::action)
          .isEqualTo("pass");
    }
  }

  @Test
  void personalDataInTheAnswerIsRedactedOneWayForTheCallerAndTheTrace() {
    try (GuardedGateway gateway = new GuardedGateway("      input: { pii: redact }\n      output: { pii: redact }\n")) {
      gateway.upstream.then(reply("I copied <EMAIL_1> and support@acme-bank.example.org"));

      String answer = gateway.text(ask("Forward this to " + EMAIL));

      assertThat(answer).isEqualTo("I copied " + EMAIL + " and <EMAIL_2>");
      TraceRecord trace = gateway.lastTrace();
      assertThat(trace.response()).contains("I copied <EMAIL_1> and <EMAIL_2>").doesNotContain("acme-bank");
      assertThat(trace.details().verdicts()).extracting(GuardVerdict::direction, GuardVerdict::action)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("input", "redact"),
              org.assertj.core.groups.Tuple.tuple("output", "redact"));
    }
  }

  @Test
  void personalDataInTheArgumentsOfAStreamedLegacyFunctionCallIsSeenByTheOutputCheckAndTheTrace() throws Exception {
    try (GuardedGateway gateway = new GuardedGateway("      output: { pii: flag }\n")) {
      gateway.upstream.then(FakeProvider.streamChunks(FakeProvider.roleChunk(),
          functionCall(Map.of("name", "send_mail", "arguments", "")),
          functionCall(Map.of("arguments", "{\"to\":\"support@acme-")),
          functionCall(Map.of("arguments", "bank.example.org\"}")),
          FakeProvider.chunk(new ChatChunk.Delta(null, null, null, null, null), "function_call")));

      gateway.streamedContents(GuardedGateway.askStreaming("Who do I write to?"));

      TraceRecord trace = gateway.lastTrace();
      assertThat(trace.response()).contains("send_mail").contains("support@acme-bank.example.org");
      assertThat(trace.details().verdicts()).singleElement().satisfies(v -> {
        assertThat(v.direction()).isEqualTo(GuardVerdict.OUTPUT);
        assertThat(v.action()).isEqualTo("flag");
        assertThat(v.findings()).containsEntry("EMAIL_ADDRESS", 1);
      });
    }
  }

  private static ChatChunk functionCall(Map<String, Object> fragment) {
    return FakeProvider.chunk(new ChatChunk.Delta(null, null, null, null, Map.of("function_call", fragment)), null);
  }

  @Test
  void aModelWithoutGuardrailsIsLeftAlone() throws Exception {
    try (GuardedGateway gateway = new GuardedGateway("      input: { pii: off }\n")) {
      gateway.upstream.then(reply("ok"));

      assertThat(gateway.text(ask("write to " + EMAIL))).isEqualTo("ok");

      assertThat(gateway.lastTrace().details().verdicts()).isEmpty();
      assertThat(gateway.receivedByUpstream()).contains(EMAIL);
    }
  }
}
