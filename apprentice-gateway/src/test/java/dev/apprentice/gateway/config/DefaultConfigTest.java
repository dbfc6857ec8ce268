package dev.apprentice.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultConfigTest {

  @Test
  void withoutApiKeysTheDefaultServesOnlyTheSimulator() {
    ApprenticeConfig config = ConfigLoader.defaults(Map.of());

    assertThat(config.server()).isEqualTo(ServerSettings.defaults());
    assertThat(config.providers()).containsOnlyKeys("simulator");
    assertThat(config.providers().get("simulator").type()).isEqualTo("simulator");
    assertThat(config.providers().get("simulator").simulator().mode()).isEqualTo("echo");
    assertThat(config.models()).containsOnlyKeys("sim-echo", "sim-lorem");
    assertThat(config.models().get("sim-lorem").targets())
        .containsExactly(new TargetSettings("simulator", "sim-lorem", 1));
  }

  @Test
  void anOpenAiKeyAddsOpenAiAndItsModels() {
    ApprenticeConfig config = ConfigLoader.defaults(Map.of("OPENAI_API_KEY", "sk-test-123456789"));

    assertThat(config.providers()).containsOnlyKeys("simulator", "openai");
    assertThat(config.providers().get("openai").apiKey()).isEqualTo("sk-test-123456789");
    assertThat(config.providers().get("openai").baseUrl()).isEqualTo("https://api.openai.com/v1");
    assertThat(config.models().keySet())
        .containsExactly("sim-echo", "sim-lorem", "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini");
    assertThat(config.models().get("gpt-4.1").targets()).containsExactly(new TargetSettings("openai", "gpt-4.1", 1));
  }

  @Test
  void bothKeysAddBothProvidersAndHonourBaseUrlOverrides() {
    ApprenticeConfig config = ConfigLoader.defaults(Map.of("OPENAI_API_KEY", "sk-a", "ANTHROPIC_API_KEY", "sk-b",
        "ANTHROPIC_BASE_URL", "http://127.0.0.1:9999"));

    assertThat(config.providers().keySet()).containsExactly("simulator", "openai", "anthropic");
    assertThat(config.providers().get("anthropic").baseUrl()).isEqualTo("http://127.0.0.1:9999");
    assertThat(config.models()).containsKeys("claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1", "gpt-4o");
    assertThat(config.models().get("claude-opus-4-1").targets())
        .containsExactly(new TargetSettings("anthropic", "claude-opus-4-1", 1));
  }

  @Test
  void anEmptyKeyCountsAsNoKey() {
    assertThat(ConfigLoader.defaults(Map.of("OPENAI_API_KEY", "")).providers()).containsOnlyKeys("simulator");
  }
}
