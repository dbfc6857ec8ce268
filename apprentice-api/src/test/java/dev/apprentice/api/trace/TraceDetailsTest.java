package dev.apprentice.api.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.retrieval.RetrievedChunk;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceDetailsTest {

  private static final RetrievedChunk CHUNK = new RetrievedChunk("kb", "cards.md", "cards.md#0", "Reset a PIN.", 0.8);
  private static final GuardVerdict VERDICT = new GuardVerdict("input", "pii", 1, "redact", Map.of("EMAIL", 1), 5);
  private static final SkippedTarget SKIPPED = new SkippedTarget("azure", "gpt-4o", SkippedTarget.CIRCUIT_OPEN, null);

  @Test
  void detailsMadePartByPartEqualThoseGivenWhole() {
    TraceDetails byParts = TraceDetails.NONE.withCache(0.97, 0.002).withRetrieved(List.of(CHUNK))
        .withPrompt("triage@2").withVerdicts(List.of(VERDICT)).withTraceparent("00-abc-def-01")
        .withSkipped(List.of(SKIPPED)).withRetrievalSkipped(TraceDetails.NO_QUERY)
        .withSemanticSkipped(TraceDetails.PII_IN_PROMPT);

    assertThat(byParts).isEqualTo(new TraceDetails(0.97, 0.002, List.of(CHUNK), "triage@2", List.of(VERDICT),
        "00-abc-def-01", null, List.of(SKIPPED), TraceDetails.NO_QUERY, TraceDetails.PII_IN_PROMPT));
    assertThat(byParts.isNone()).isFalse();
  }

  @Test
  void eachWithMethodChangesOnlyItsOwnPart() {
    TraceDetails prompted = TraceDetails.NONE.withPrompt("triage@2");

    assertThat(prompted.withTraceparent("00-abc-def-01").prompt()).isEqualTo("triage@2");
    assertThat(prompted.withPrompt(null)).isEqualTo(TraceDetails.NONE);
    assertThat(prompted.withPrompt(null).isNone()).isTrue();
  }

  @Test
  void missingListsAreEmpty() {
    TraceDetails details = TraceDetails.NONE.withRetrieved(null).withVerdicts(null).withSkipped(null);

    assertThat(details).isEqualTo(TraceDetails.NONE);
    assertThat(details.retrieved()).isEmpty();
    assertThat(details.retrievedNothing()).isFalse();
  }

  @Test
  void aSearchThatFoundNothingIsNotTheSameAsNoSearch() {
    TraceDetails foundNothing = TraceDetails.NONE.withRetrieved(List.of());

    assertThat(foundNothing.retrievedNothing()).isTrue();
    assertThat(foundNothing.retrieved()).isEmpty();
    assertThat(foundNothing.isNone()).isFalse();
    assertThat(foundNothing).isNotEqualTo(TraceDetails.NONE);
    assertThat(TraceDetails.NONE.withRetrieved(List.of(CHUNK)).retrievedNothing()).isFalse();
  }

  @Test
  void anEmbeddingsCallsDetailsNameTheOperationWithTheCallersContextVerdictsAndSkippedTargets() {
    TraceDetails details = TraceDetails.embeddings("00-abc-def-01", List.of(VERDICT), List.of(SKIPPED));

    assertThat(details).isEqualTo(new TraceDetails(null, 0, null, null, List.of(VERDICT), "00-abc-def-01",
        TraceDetails.EMBEDDINGS, List.of(SKIPPED), null, null));
    assertThat(details.isEmbeddings()).isTrue();
    assertThat(TraceDetails.embeddings(null, List.of())).isEqualTo(TraceDetails.NONE.withOperation("embeddings"));
  }

  @Test
  void theWireApiIsTheOperationsOwnUnlessTheCallCameThroughResponses() {
    assertThat(TraceDetails.NONE.wireApi()).isEqualTo(TraceDetails.CHAT_COMPLETIONS);
    assertThat(TraceDetails.embeddings(null, List.of()).wireApi()).isEqualTo(TraceDetails.EMBEDDINGS);
    TraceDetails responses = TraceDetails.NONE.withPrompt("triage@2").withApi(TraceDetails.RESPONSES);

    assertThat(responses.wireApi()).isEqualTo(TraceDetails.RESPONSES);
    assertThat(responses.isNone()).isFalse();
    assertThat(responses.withTraceparent("00-abc-def-01").api()).isEqualTo(TraceDetails.RESPONSES);
  }

  @Test
  void theOperationsOwnApiGivenByNameIsKeptAsNoneSoDetailsStayEqual() {
    assertThat(TraceDetails.NONE.withApi(TraceDetails.CHAT_COMPLETIONS)).isEqualTo(TraceDetails.NONE);
    assertThat(TraceDetails.NONE.withApi(TraceDetails.CHAT_COMPLETIONS).isNone()).isTrue();
    assertThat(TraceDetails.embeddings(null, List.of()).withApi(TraceDetails.EMBEDDINGS))
        .isEqualTo(TraceDetails.embeddings(null, List.of()));
  }
}
