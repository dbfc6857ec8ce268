package dev.apprentice.server.guard;

import static dev.apprentice.server.guard.GuardedGateway.ask;
import static dev.apprentice.server.guard.GuardedGateway.askStreaming;
import static dev.apprentice.testing.FakeProvider.reply;
import static dev.apprentice.testing.FakeProvider.streamReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.api.trace.TraceRecord;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * {@code guard.output.secrets}: a key in the upstream's answer that the caller did not send (repeated from the model's
 * context, a retrieved passage, a tool result) is found as a SECRET — its digits no phone number — in JSON answers
 * and streams, and flagged, redacted or refused like personal data in the answer.
 */
class GuardSecretsInAnswersTest {

  /** Built at run time so that no token-shaped literal sits in the sources; never a real credential. */
  private static final String KEY = "sk-" + "proj-" + "4155552671" + "abcdefGHIJKLmnop1234";
  private static final String TOKEN = "gh" + "p_" + new StringBuilder("5Az3Yx1Wv9Ut7Sr5Qp3Nm1Lk9Jh7Gf5Ed3Ba").reverse();

  private static GuardVerdict verdict(TraceRecord trace, String scanner) {
    return trace.details().verdicts().stream()
        .filter(v -> v.scanner().equals(scanner) && v.direction().equals(GuardVerdict.OUTPUT)).findFirst().orElseThrow();
  }

  @Test
  void aKeyTheModelWritesIsFlaggedAsASecretAndNotAsAPhoneNumber() {
    try (GuardedGateway gateway = new GuardedGateway("      output: { pii: flag, secrets: flag }\n")) {
      gateway.upstream.then(reply("Use " + KEY + " for the API."));

      assertThat(gateway.text(ask("How do I call the API?"))).isEqualTo("Use " + KEY + " for the API.");

      TraceRecord trace = gateway.lastTrace();
      assertThat(trace.details().verdicts()).extracting(GuardVerdict::direction, GuardVerdict::scanner,
          GuardVerdict::action).containsExactly(Tuple.tuple("output", "pii", "pass"),
              Tuple.tuple("output", "secrets", "flag"));
      assertThat(verdict(trace, "secrets").findings()).containsExactly(Map.entry("SECRET", 1));
      assertThat(verdict(trace, "pii").findings()).isEmpty();
    }
  }

  @Test
  void aKeyTheModelWritesIsReplacedOneWayAfterTheCallersOwnKeyIsPutBack() {
    try (GuardedGateway gateway = new GuardedGateway(
        "      input: { secrets: redact }\n      output: { secrets: redact }\n")) {
      gateway.upstream.then(reply("Rotate <SECRET_1>; the new one is " + KEY + "."));

      String answer = gateway.text(ask("My token " + TOKEN + " leaked, what now?"));

      assertThat(answer).isEqualTo("Rotate " + TOKEN + "; the new one is <SECRET_2>.");
      TraceRecord trace = gateway.lastTrace();
      assertThat(trace.response()).contains("Rotate <SECRET_1>; the new one is <SECRET_2>.")
          .doesNotContain(KEY).doesNotContain(TOKEN);
      assertThat(verdict(trace, "secrets").action()).isEqualTo("redact");
    }
  }

  @Test
  void aKeyTheCallerSentIsNotCountedWhenTheModelWritesItBack() {
    try (GuardedGateway gateway = new GuardedGateway("      output: { secrets: block }\n")) {
      gateway.upstream.then(reply("Yes, " + KEY + " is a project key."));

      assertThat(gateway.text(ask("Is " + KEY + " a project key?"))).isEqualTo("Yes, " + KEY + " is a project key.");

      assertThat(verdict(gateway.lastTrace(), "secrets").action()).isEqualTo("pass");
    }
  }

  @Test
  void aKeyQuotedFromARetrievedPassageCountsAsSentLikeItsPersonalData() {
    List<RetrievedChunk> documents = List.of(new RetrievedChunk("kb", "ops", "ops#0",
        "The sandbox key is " + KEY + ".", 0.9));
    try (GuardedGateway gateway = new GuardedGateway("      output: { secrets: block }\n", documents)) {
      gateway.upstream.then(reply("The sandbox key is " + KEY + "."));

      assertThat(gateway.text(ask("What is the sandbox key?"))).isEqualTo("The sandbox key is " + KEY + ".");
      assertThat(verdict(gateway.lastTrace(), "secrets").action()).isEqualTo("pass");
    }
  }

  @Test
  void aKeyInAJsonAnswerIsRefusedWith422NamingTheScannerButNotTheKey() {
    try (GuardedGateway gateway = new GuardedGateway("      output: { secrets: block }\n")) {
      gateway.upstream.then(reply("Use " + KEY + "."));

      assertThatThrownBy(() -> gateway.text(ask("How do I call the API?")))
          .isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_BLOCKED);
            assertThat(e.getMessage()).isEqualTo("The answer was blocked by a guardrail: scanner 'secrets' found 1 SECRET.");
          });

      TraceRecord trace = gateway.lastTrace();
      assertThat(trace.status()).isEqualTo(422);
      assertThat(trace.errorCode()).isEqualTo("content_blocked");
      assertThat(verdict(trace, "secrets").action()).isEqualTo("block");
    }
  }

  @Test
  void aKeySplitAcrossTheChunksOfAShortStreamIsRefusedBeforeTheStreamBegins() {
    try (GuardedGateway gateway = new GuardedGateway("      output: { secrets: block }\n")) {
      int half = KEY.length() / 2;
      gateway.upstream.then(streamReply("Use ", KEY.substring(0, half), KEY.substring(half), "."));

      assertThatThrownBy(() -> gateway.streamedContents(askStreaming("How do I call the API?")))
          .isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_BLOCKED);
            assertThat(e.getMessage()).contains("scanner 'secrets' found 1 SECRET").doesNotContain(KEY);
          });

      TraceRecord trace = gateway.lastTrace();
      assertThat(trace.status()).as("refused while all of the text was held: no stream began").isEqualTo(422);
      assertThat(trace.errorCode()).isEqualTo("content_blocked");
      assertThat(verdict(trace, "secrets").action()).isEqualTo("block");
    }
  }

  @Test
  void aStreamedKeyUnderRedactIsHeldBackAndReplacedAndRecordedAsARedaction() throws Exception {
    try (GuardedGateway gateway = new GuardedGateway("      output: { secrets: redact }\n")) {
      gateway.upstream.then(streamReply("Use ", KEY, "."));

      List<String> contents = gateway.streamedContents(askStreaming("How do I call the API?"));

      assertThat(contents).noneMatch(c -> c != null && c.contains("sk-"));
      assertThat(String.join("", contents.stream().filter(Objects::nonNull).toList())).isEqualTo("Use <SECRET_1>.");
      TraceRecord trace = gateway.lastTrace();
      assertThat(verdict(trace, "secrets").action()).isEqualTo("redact");
      assertThat(trace.response()).contains("<SECRET_1>").doesNotContain(KEY);
    }
  }
}
