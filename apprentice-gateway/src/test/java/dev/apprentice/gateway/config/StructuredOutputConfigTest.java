package dev.apprentice.gateway.config;

import static dev.apprentice.gateway.config.ConfigExamples.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code structured_output} of an {@code anthropic} provider: how a JSON answer is asked of Claude. */
class StructuredOutputConfigTest {

  private static final String MODELS = "models:\n  m: { targets: [ { provider: plain, model: x } ] }\n";

  @Test
  void eachAnthropicProviderReadsItsStructuredOutputAndLeftOutItIsTool() {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          plain: { type: anthropic }
          recent: { type: anthropic, structured_output: native }
          explicit: { type: anthropic, structured_output: tool }
        """ + MODELS, Map.of());

    assertThat(config.providers().get("plain").structuredOutput()).isEqualTo("tool");
    assertThat(config.providers().get("recent").structuredOutput()).isEqualTo("native");
    assertThat(config.providers().get("explicit").structuredOutput()).isEqualTo("tool");
    assertThat(ConfigLoader.render(config)).contains("structured_output: native").contains("structured_output: tool");
  }

  @Test
  void anUnknownStructuredOutputIsReportedAtItsPathWithTheKnownValues() {
    assertThat(problemsOf("""
        providers:
          plain: { type: anthropic, structured_output: json_schema }
        """ + MODELS)).containsExactly(
        "providers.plain.structured_output: unknown structured output 'json_schema' (known: tool, native)");
  }

  @Test
  void aStructuredOutputOnAProviderThatIsNotAnthropicIsRejectedWithTheReason() {
    assertThat(problemsOf("""
        providers:
          plain: { type: anthropic }
          gpt: { type: openai, structured_output: native }
          sim: { type: simulator, structured_output: native }
        """ + MODELS)).containsExactly(
        "providers.gpt.structured_output: only valid for providers of type anthropic",
        "providers.sim.structured_output: only valid for providers of type anthropic");
  }
}
