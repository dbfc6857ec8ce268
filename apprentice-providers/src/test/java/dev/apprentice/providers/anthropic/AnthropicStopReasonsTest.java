package dev.apprentice.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.providers.http.ProviderJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every stop reason Anthropic documents, as the finish reason an OpenAI client gets, streamed or not. */
class AnthropicStopReasonsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "end_turn, stop",
      "stop_sequence, stop",
      "max_tokens, length",
      "model_context_window_exceeded, length",
      "tool_use, tool_calls",
      "refusal, content_filter",
      "pause_turn, stop",
      "a_reason_added_later, stop"})
  void eachStopReasonBecomesTheFinishReasonOpenAiClientsKnow(String stopReason, String finishReason) {
    assertThat(AnthropicResponses.finishReason(stopReason)).isEqualTo(finishReason);
  }

  @Test
  void aMessageNotYetStoppedHasNoFinishReason() {
    assertThat(AnthropicResponses.finishReason(null)).isNull();
  }

  @Test
  void aRefusalWithoutAnExplanationHasNoRefusalText() throws Exception {
    var nullExplanation = ProviderJson.MAPPER.readTree("{\"type\":\"refusal\",\"category\":null,\"explanation\":null}");

    assertThat(AnthropicResponses.refusal("refusal", nullExplanation)).isNull();
    assertThat(AnthropicResponses.refusal("refusal", ProviderJson.MAPPER.missingNode())).isNull();
  }

  @Test
  void onlyARefusalHasRefusalText() throws Exception {
    var details = ProviderJson.MAPPER.readTree("{\"type\":\"refusal\",\"explanation\":\"Declined.\"}");

    assertThat(AnthropicResponses.refusal("refusal", details)).isEqualTo("Declined.");
    assertThat(AnthropicResponses.refusal("end_turn", details)).isNull();
  }
}
