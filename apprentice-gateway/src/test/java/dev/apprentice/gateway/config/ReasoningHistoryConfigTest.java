package dev.apprentice.gateway.config;

import static dev.apprentice.gateway.config.ConfigExamples.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code reasoning_history} of an {@code openai} provider: which assistant turns keep their reasoning upstream. */
class ReasoningHistoryConfigTest {

  private static final String MODELS = "models:\n  m: { targets: [ { provider: plain, model: x } ] }\n";

  @Test
  void eachOpenAiProviderReadsItsReasoningHistoryAndLeftOutItIsAuto() {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          plain: { type: openai, base_url: "http://127.0.0.1:8000/v1" }
          cerebras: { type: openai, base_url: "https://api.cerebras.ai/v1", reasoning_history: drop }
          deepseek: { type: openai, base_url: "https://api.deepseek.com", reasoning_history: tool_turns }
          explicit: { type: openai, reasoning_history: auto }
        """ + MODELS, Map.of());

    assertThat(config.providers().get("plain").reasoningHistory()).isEqualTo("auto");
    assertThat(config.providers().get("cerebras").reasoningHistory()).isEqualTo("drop");
    assertThat(config.providers().get("deepseek").reasoningHistory()).isEqualTo("tool_turns");
    assertThat(config.providers().get("explicit").reasoningHistory()).isEqualTo("auto");
    assertThat(ConfigLoader.render(config)).contains("reasoning_history: tool_turns").contains("reasoning_history: drop");
  }

  @Test
  void anUnknownReasoningHistoryIsReportedAtItsPathWithTheKnownValues() {
    assertThat(problemsOf("""
        providers:
          plain: { type: openai, reasoning_history: always }
        """ + MODELS)).containsExactly(
        "providers.plain.reasoning_history: unknown reasoning history 'always' (known: auto, drop, tool_turns)");
  }

  @Test
  void aReasoningHistoryOnAProviderThatIsNotOpenAiIsRejectedWithTheReason() {
    assertThat(problemsOf("""
        providers:
          plain: { type: openai }
          claude: { type: anthropic, reasoning_history: drop }
          sim: { type: simulator, reasoning_history: drop }
        """ + MODELS)).containsExactly(
        "providers.claude.reasoning_history: only valid for providers of type openai",
        "providers.sim.reasoning_history: only valid for providers of type openai");
  }
}
