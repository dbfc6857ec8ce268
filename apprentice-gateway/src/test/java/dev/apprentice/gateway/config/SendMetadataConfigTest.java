package dev.apprentice.gateway.config;

import static dev.apprentice.gateway.config.ConfigExamples.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code send_metadata} of an {@code openai} provider: whether {@code metadata} goes without {@code store: true}, for a
 * proxy in front of OpenAI's API, which the base URL's host does not tell.
 */
class SendMetadataConfigTest {

  private static final String MODELS = "models:\n  m: { targets: [ { provider: plain, model: x } ] }\n";

  @Test
  void eachOpenAiProviderReadsItsMetadataSendingAndLeftOutItIsAuto() {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          plain: { type: openai, base_url: "http://127.0.0.1:8000/v1" }
          proxy: { type: openai, base_url: "https://llm-proxy.example.com/openai/v1", send_metadata: with_store }
          openai: { type: openai, send_metadata: always }
        """ + MODELS, Map.of());

    assertThat(config.providers().get("plain").sendMetadata()).isEqualTo("auto");
    assertThat(config.providers().get("proxy").sendMetadata()).isEqualTo("with_store");
    assertThat(config.providers().get("openai").sendMetadata()).isEqualTo("always");
    assertThat(ConfigLoader.render(config)).contains("send_metadata: with_store").contains("send_metadata: auto");
  }

  @Test
  void anUnknownMetadataSendingIsReportedAtItsPathWithTheKnownValues() {
    assertThat(problemsOf("""
        providers:
          plain: { type: openai, send_metadata: never }
        """ + MODELS)).containsExactly(
        "providers.plain.send_metadata: unknown metadata sending 'never' (known: auto, always, with_store)");
  }

  @Test
  void aMetadataSendingOnAProviderThatIsNotOpenAiIsRejectedWithTheReason() {
    assertThat(problemsOf("""
        providers:
          plain: { type: openai }
          claude: { type: anthropic, send_metadata: always }
        """ + MODELS)).containsExactly("providers.claude.send_metadata: only valid for providers of type openai");
  }
}
