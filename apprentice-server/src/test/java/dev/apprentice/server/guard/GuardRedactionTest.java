package dev.apprentice.server.guard;

import static dev.apprentice.server.guard.GuardedGateway.ask;
import static dev.apprentice.server.guard.GuardedGateway.askStreaming;
import static dev.apprentice.testing.FakeProvider.reply;
import static dev.apprentice.testing.FakeProvider.streamReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.api.trace.TraceRecord;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reversible redaction through the gateway: placeholders upstream, originals for the caller, neither in the trace. */
class GuardRedactionTest {

  private static final String EMAIL = "jane.doe@example.com";
  private static final String PHONE = "+1 650-253-0000";
  private static final String PROMPT = "Email " + EMAIL + " and call " + PHONE + "; cc " + EMAIL + " again.";

  private final GuardedGateway gateway = new GuardedGateway("      input: { pii: redact }\n");

  @AfterEach
  void close() {
    gateway.close();
  }

  @Test
  void theUpstreamSeesOnlyPlaceholdersWhileTheCallerGetsTheOriginalsBack() throws Exception {
    gateway.upstream.then(reply("Done: wrote to <EMAIL_1>, called <PHONE_NUMBER_1>."));

    String answer = gateway.text(ask(PROMPT));

    assertThat(answer).isEqualTo("Done: wrote to " + EMAIL + ", called " + PHONE + ".");
    String received = gateway.receivedByUpstream();
    assertThat(received).doesNotContain(EMAIL).doesNotContain("650-253-0000")
        .contains("Email <EMAIL_1> and call <PHONE_NUMBER_1>; cc <EMAIL_1> again.");
  }

  @Test
  void theTraceKeepsOnlyTheRedactedRequestAndTheAnswerAsTheUpstreamSentIt() {
    gateway.upstream.then(reply("Done: wrote to <EMAIL_1>."));

    gateway.text(ask(PROMPT));

    TraceRecord trace = gateway.lastTrace();
    assertThat(trace.request()).doesNotContain(EMAIL).contains("<EMAIL_1>").contains("<PHONE_NUMBER_1>");
    assertThat(trace.response()).doesNotContain(EMAIL).contains("Done: wrote to <EMAIL_1>.");
    assertThat(trace.details().verdicts()).singleElement().satisfies(v -> {
      assertThat(v.direction()).isEqualTo(GuardVerdict.INPUT);
      assertThat(v.action()).isEqualTo("redact");
      assertThat(v.findings()).containsEntry("EMAIL_ADDRESS", 2).containsEntry("PHONE_NUMBER", 1);
    });
  }

  @Test
  void aStreamedAnswerIsRestoredWithAPlaceholderSplitAcrossChunks() throws Exception {
    gateway.upstream.then(streamReply("Wrote to <EM", "AIL", "_1> and <PHONE_N", "UMBER_1>", "."));

    List<String> contents = gateway.streamedContents(askStreaming(PROMPT));

    assertThat(String.join("", contents.stream().filter(c -> c != null).toList()))
        .isEqualTo("Wrote to " + EMAIL + " and " + PHONE + ".");
    assertThat(contents).as("no chunk is dropped, the finish chunk included").hasSize(6);
    assertThat(gateway.receivedByUpstream()).doesNotContain(EMAIL);
    TraceRecord trace = gateway.lastTrace();
    assertThat(trace.status()).isEqualTo(200);
    assertThat(trace.request()).doesNotContain(EMAIL);
    assertThat(trace.response()).doesNotContain(EMAIL).contains("Wrote to <EMAIL_1> and <PHONE_NUMBER_1>.");
  }

  @Test
  void aPromptWithoutPersonalDataGoesUpstreamAsItWasAndPasses() throws Exception {
    gateway.upstream.then(reply("Paris."));

    assertThat(gateway.text(ask("What is the capital of France?"))).isEqualTo("Paris.");

    assertThat(gateway.receivedByUpstream()).contains("What is the capital of France?");
    assertThat(gateway.lastTrace().request()).contains("What is the capital of France?");
    assertThat(gateway.lastTrace().details().verdicts()).extracting(GuardVerdict::action).containsExactly("pass");
  }

  @Test
  void variationSelectorsAndGraphemeJoinersHideNoCardSsnEmailOrKeyFromTheUpstreamOrTheTrace() throws Exception {
    try (GuardedGateway guarded = new GuardedGateway("      input: { pii: redact, secrets: redact }\n")) {
      guarded.upstream.then(reply("ok"));
      String card = "4111\uFE0F1111\uFE0F1111\uFE0F1111";
      String ssn = "536-22-1\u034F234";
      String email = "jane@exam\u034Fple.com";
      String key = "AKIA\uFE0F" + "IOSFODNN7EXAMPLE";

      guarded.text(ask("card " + card + ", SSN " + ssn + ", mail " + email + ", key " + key));

      for (String hidden : List.of(card, ssn, email, key, "1111", "1234", "exam", "IOSFODNN7")) {
        assertThat(guarded.receivedByUpstream()).as(hidden).doesNotContain(hidden);
        assertThat(guarded.lastTrace().request()).as(hidden).doesNotContain(hidden);
      }
      assertThat(guarded.receivedByUpstream()).contains("card <CREDIT_CARD_1>, SSN <US_SSN_1>, mail <EMAIL_1>, key <");
    }
  }
}
