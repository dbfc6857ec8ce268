package dev.apprentice.gateway.config;

import static dev.apprentice.gateway.config.ConfigExamples.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code stream_usage} of an {@code openai} provider: whether its streams ask for usage. */
class StreamUsageConfigTest {

  private static final String MODELS = "models:\n  m: { targets: [ { provider: plain, model: x } ] }\n";

  @Test
  void eachOpenAiProviderReadsItsStreamUsageAndLeftOutItIsAuto() {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          plain: { type: openai, base_url: "http://127.0.0.1:8000/v1" }
          mistral: { type: openai, base_url: "https://api.mistral.ai/v1", stream_usage: omit }
          vllm: { type: openai, base_url: "http://127.0.0.1:8001/v1", stream_usage: ask }
        """ + MODELS, Map.of());

    assertThat(config.providers().get("plain").streamUsage()).isEqualTo("auto");
    assertThat(config.providers().get("mistral").streamUsage()).isEqualTo("omit");
    assertThat(config.providers().get("vllm").streamUsage()).isEqualTo("ask");
    assertThat(ConfigLoader.render(config)).contains("stream_usage: omit").contains("stream_usage: auto");
  }

  @Test
  void anUnknownStreamUsageIsReportedAtItsPathWithTheKnownValues() {
    assertThat(problemsOf("""
        providers:
          plain: { type: openai, stream_usage: never }
        """ + MODELS)).containsExactly(
        "providers.plain.stream_usage: unknown stream usage 'never' (known: auto, ask, omit)");
  }

  @Test
  void aStreamUsageOnAProviderThatIsNotOpenAiIsRejectedWithTheReason() {
    assertThat(problemsOf("""
        providers:
          plain: { type: openai }
          claude: { type: anthropic, stream_usage: omit }
        """ + MODELS)).containsExactly("providers.claude.stream_usage: only valid for providers of type openai");
  }
}
