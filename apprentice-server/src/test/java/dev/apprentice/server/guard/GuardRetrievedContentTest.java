package dev.apprentice.server.guard;

import static dev.apprentice.server.guard.GuardedGateway.ask;
import static dev.apprentice.testing.FakeProvider.reply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.Message;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.api.trace.GuardVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A RAG model's documents obey its input guard before they reach the upstream. */
class GuardRetrievedContentTest {

  private static final String EMAIL = "jane.doe@example.com";
  private static final String TOKEN = "gh" + "p_" + new StringBuilder("5Az3Yx1Wv9Ut7Sr5Qp3Nm1Lk9Jh7Gf5Ed3Ba").reverse();
  private static final List<RetrievedChunk> DOCUMENTS = List.of(
      new RetrievedChunk("kb", "refunds", "refunds#0", "Refunds take five working days.", 0.9),
      new RetrievedChunk("kb", "contacts", "contacts#0", "Escalations go to " + EMAIL + " in the back office.", 0.8),
      new RetrievedChunk("kb", "deploy", "deploy#0", "The deploy token is " + TOKEN + ".", 0.7));

  @Test
  void personalDataInADocumentIsRedactedOneWayAndASecretLeavesItsChunkOut() throws Exception {
    try (GuardedGateway gateway = new GuardedGateway("      input: { pii: redact, secrets: block }\n", DOCUMENTS)) {
      gateway.upstream.then(reply("Write to <DOC_EMAIL_1>."));

      String answer = gateway.text(ask("Who handles escalations?"));

      String upstream = gateway.receivedByUpstream();
      assertThat(upstream).contains("Refunds take five working days.").contains("Escalations go to <DOC_EMAIL_1>")
          .doesNotContain(EMAIL).doesNotContain(TOKEN).doesNotContain("deploy#0");
      assertThat(answer).isEqualTo("Write to <DOC_EMAIL_1>.");
      assertThat(gateway.lastTrace().details().retrieved()).extracting(RetrievedChunk::chunkId)
          .containsExactly("refunds#0", "contacts#0");
      assertThat(gateway.lastTrace().details().verdicts()).filteredOn(v -> v.direction().equals(GuardVerdict.RETRIEVED))
          .extracting(GuardVerdict::scanner, GuardVerdict::action)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("pii", "redact"),
              org.assertj.core.groups.Tuple.tuple("secrets", "block"));
    }
  }

  @Test
  void aSecretInADocumentIsRedactedWholeWhenThePiiScannerAlsoReadsItsDigits() throws Exception {
    String key = "sk-" + "proj-ZZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH";
    List<RetrievedChunk> keyed = List.of(new RetrievedChunk("kb", "ops", "ops#0", "Use the key " + key + " for ops.", 0.9));
    try (GuardedGateway gateway = new GuardedGateway("      input: { pii: redact, secrets: redact }\n", keyed)) {
      gateway.upstream.then(reply("ok"));

      gateway.text(ask("Which key do we use?"));

      assertThat(gateway.receivedByUpstream()).contains("Use the key <DOC_SECRET_1> for ops.").doesNotContain("ZZabc")
          .doesNotContain("ABCDEFGH");
      assertThat(gateway.lastTrace().details().verdicts()).filteredOn(v -> v.direction().equals(GuardVerdict.RETRIEVED))
          .extracting(GuardVerdict::scanner, GuardVerdict::action)
          .contains(org.assertj.core.groups.Tuple.tuple("secrets", "redact"));
    }
  }

  @Test
  void theDigitsOfAKeyInADocumentAreNoPhoneNumberForAPiiBlockSoTheChunkGoesInWithTheKeyRedacted() throws Exception {
    String key = "sk-" + "proj-" + "4155552671" + "abcdefGHIJKLmnop1234";
    List<RetrievedChunk> keyed = List.of(
        new RetrievedChunk("kb", "ops", "ops#0", "Use the key " + key + " for ops.", 0.9));
    try (GuardedGateway gateway = new GuardedGateway("      input: { pii: block, secrets: redact }\n", keyed)) {
      gateway.upstream.then(reply("ok"));

      gateway.text(ask("Which key do we use?"));

      assertThat(gateway.receivedByUpstream()).contains("Use the key <DOC_SECRET_1> for ops.")
          .doesNotContain("4155552671");
      assertThat(gateway.lastTrace().details().verdicts()).filteredOn(v -> v.direction().equals(GuardVerdict.RETRIEVED))
          .extracting(GuardVerdict::scanner, GuardVerdict::action)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("pii", "pass"),
              org.assertj.core.groups.Tuple.tuple("secrets", "redact"));
    }
  }

  @Test
  void aSecretInADocumentLeavesItsChunkOutEvenWhenThePiiScannerRedactsFirst() throws Exception {
    String key = "sk-" + "proj-ZZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH";
    List<RetrievedChunk> keyed = List.of(new RetrievedChunk("kb", "ops", "ops#0", "Use the key " + key + " for ops.", 0.9),
        new RetrievedChunk("kb", "refunds", "refunds#0", "Refunds take five working days.", 0.8));
    try (GuardedGateway gateway = new GuardedGateway("      input: { pii: redact, secrets: block }\n", keyed)) {
      gateway.upstream.then(reply("ok"));

      gateway.text(ask("Which key do we use?"));

      assertThat(gateway.receivedByUpstream()).doesNotContain("ops#0").doesNotContain("Use the key")
          .contains("Refunds take five working days.");
      assertThat(gateway.lastTrace().details().retrieved()).extracting(RetrievedChunk::chunkId)
          .containsExactly("refunds#0");
    }
  }

  @Test
  void theCallersOwnValuesAreStillRestoredBesideTheDocumentsPlaceholders() throws Exception {
    try (GuardedGateway gateway = new GuardedGateway("      input: { pii: redact }\n", DOCUMENTS)) {
      gateway.upstream.then(reply("I will copy <EMAIL_1> and <DOC_EMAIL_1>."));

      String answer = gateway.text(ask("Please copy me at mark@example.org on escalations."));

      assertThat(gateway.receivedByUpstream()).doesNotContain("mark@example.org").doesNotContain(EMAIL);
      assertThat(answer).isEqualTo("I will copy mark@example.org and <DOC_EMAIL_1>.");
    }
  }

  @Test
  void aDocumentsValueDoesNotTakeADocumentPlaceholderThatAnEarlierAnswerSentBackAsHistoryHolds() throws Exception {
    List<RetrievedChunk> otherContact = List.of(
        new RetrievedChunk("kb", "contacts", "contacts#1", "Refunds are approved by bob@example.net.", 0.9));
    try (GuardedGateway gateway = new GuardedGateway("      input: { pii: redact }\n", otherContact)) {
      gateway.upstream.then(reply("ok"));

      gateway.text(GuardedGateway.request(false, null, Message.user("Who handles escalations?"),
          Message.assistant("Write to <DOC_EMAIL_1>."), Message.user("And who approves refunds?")));

      assertThat(gateway.receivedByUpstream()).contains("Refunds are approved by <DOC_EMAIL_2>.")
          .doesNotContain("bob@example.net");
    }
  }

  @Test
  void aFlaggingGuardKeepsEveryDocumentAndRecordsWhatItSaw() throws Exception {
    try (GuardedGateway gateway = new GuardedGateway("      input: { pii: flag }\n", DOCUMENTS)) {
      gateway.upstream.then(reply("ok"));

      gateway.text(ask("Who handles escalations?"));

      assertThat(gateway.receivedByUpstream()).contains(EMAIL);
      assertThat(gateway.lastTrace().details().verdicts()).filteredOn(v -> v.direction().equals(GuardVerdict.RETRIEVED))
          .singleElement().satisfies(v -> {
            assertThat(v.action()).isEqualTo("flag");
            assertThat(v.findings()).containsEntry("EMAIL_ADDRESS", 1);
          });
    }
  }

  @Test
  void theInjectionDetectorReadsTheDocumentsOnWhatTheRequestLeftOfTheCallsBudget() throws Exception {
    List<RetrievedChunk> invoices = List.of(
        new RetrievedChunk("kb", "invoices", "invoices#0", sentences(500, 600), 0.9));
    try (GuardedGateway gateway = new GuardedGateway("      input: { injection: block }\n"
        + "      injection: { max_chars: 1000, max_chars_per_call: 1000 }\n", invoices)) {
      gateway.upstream.then(reply("ok"));

      gateway.text(ask(sentences(0, 800)));

      assertThat(gateway.receivedByUpstream()).doesNotContain("invoices#0").doesNotContain("Invoice 500");
      assertThat(gateway.lastTrace().details().verdicts()).filteredOn(v -> v.direction().equals(GuardVerdict.RETRIEVED))
          .singleElement().satisfies(v -> {
            assertThat(v.action()).isEqualTo("block");
            assertThat(v.findings()).containsOnlyKeys("TEXT_TOO_LONG");
          });
    }
  }

  /** About {@code chars} characters of distinct, harmless sentences, numbered from {@code first}. */
  private static String sentences(int first, int chars) {
    StringBuilder text = new StringBuilder();
    for (int n = first; text.length() < chars; n++) text.append("Invoice ").append(n).append(" is paid on Friday. ");
    return text.toString();
  }
}
