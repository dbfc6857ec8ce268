package dev.apprentice.gateway.config;

import static dev.apprentice.gateway.config.ConfigExamples.KEYS;
import static dev.apprentice.gateway.config.ConfigExamples.PRODUCT_EXAMPLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigRenderTest {

  private static final String WITH_SECRET_HEADERS = """
      providers:
        gw:
          type: openai
          base_url: "https://svc:hunter2-password@gw.example.com/v1"
          api_key: short
          headers: { Authorization: "Bearer abcdefghijklmnop1234", X-Api-Key: k-1, x-honeycomb-team: hcaik_0123456789abcdef,
            OpenAI-Beta: assistants=v2 }
      models:
        m: { targets: [ { provider: gw, model: gpt-4o } ] }
      """;

  @Test
  void renderMasksApiKeysToTheirLastFourCharacters() {
    String yaml = ConfigLoader.render(ConfigLoader.parse(PRODUCT_EXAMPLE, KEYS));

    assertThat(yaml).contains("sk-…f3a9").contains("sk-…9876")
        .doesNotContain("sk-proj-0123456789abcdef3a9").doesNotContain("zyxwvutsrq");
  }

  @Test
  void renderMasksKeysHeadersWhateverTheirNameAndPasswordsInUrlsButNotHeadersKnownToHoldNone() {
    String yaml = ConfigLoader.render(ConfigLoader.parse(WITH_SECRET_HEADERS, Map.of()));

    assertThat(yaml).contains("api_key: '****'").contains("Authorization: …1234").contains("X-Api-Key: '****'")
        .contains("x-honeycomb-team: …cdef").contains("OpenAI-Beta: assistants=v2")
        .contains("https://svc:****@gw.example.com/v1")
        .doesNotContain("abcdefghijklmnop").doesNotContain("short").doesNotContain("hcaik_0123")
        .doesNotContain("hunter2");
  }

  @Test
  void renderShowsATenantsBoundOnCallsInFlightSoThatItReadsBackTheSame() {
    ApprenticeConfig config = ConfigLoader.parse("tenants: { acme: { rpm: 5, max_concurrent: 4 } }\n"
        + ConfigExamples.MINIMAL, Map.of());

    String yaml = ConfigLoader.render(config);

    assertThat(yaml).contains("max_concurrent: 4");
    assertThat(ConfigLoader.parse(yaml, Map.of()).limits().tenant("acme")).isEqualTo(config.limits().tenant("acme"));
  }

  @Test
  void renderMasksTheMetricsKey() {
    ApprenticeConfig config = ConfigLoader.parse("server: { metrics_key: scrape-secret-0123456789 }\n"
        + ConfigExamples.MINIMAL, Map.of());

    assertThat(ConfigLoader.render(config)).contains("metrics_key: …6789").doesNotContain("scrape-secret");
    assertThat(config.server().toString()).doesNotContain("scrape-secret");
  }

  @Test
  void renderMasksThePasswordInTheOtlpEndpointAsInABaseUrl() {
    ApprenticeConfig config = ConfigLoader.parse("telemetry: { otlp: { endpoint: "
        + "'https://tenant-7:collector-password-0123@otlp.example.com/v1/traces' } }\n" + ConfigExamples.MINIMAL,
        Map.of());

    assertThat(ConfigLoader.render(config)).contains("https://tenant-7:****@otlp.example.com/v1/traces")
        .doesNotContain("collector-password");
  }

  @Test
  void renderMasksTheQueryValuesOfAUrlThatLookLikeKeysByTheirNameOrTheirValue() {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          gemini:
            type: openai
            base_url: "https://gw.example.com/v1?key=AIzaSecret&api-version=2024-02-01&x=Ab0123456789c"
        models:
          m: { targets: [ { provider: gemini, model: x } ] }
        """, Map.of());

    assertThat(ConfigLoader.render(config))
        .contains("https://gw.example.com/v1?key=****&api-version=2024-02-01&x=****")
        .doesNotContain("AIzaSecret").doesNotContain("Ab0123456789c");
  }

  @Test
  void providerAndTelemetrySettingsPrintedInALogOrAnAssertionKeepTheirKeysMasked() {
    ApprenticeConfig config = ConfigLoader.parse(WITH_SECRET_HEADERS.replace("api_key: short",
        "api_key: sk-live-0123456789abcdef") + "telemetry: { otlp: { endpoint: "
        + "'https://u:collector-password-0123@otlp.example.com/v1/traces', headers: { x-honeycomb-team: "
        + "hcaik_fedcba9876543210 } } }\n", Map.of());

    assertThat(config.providers().get("gw").toString()).contains("gw.example.com")
        .doesNotContain("0123456789abcdef", "abcdefghijklmnop", "hunter2", "hcaik_0123");
    assertThat(config.telemetry().toString()).contains("otlp.example.com")
        .doesNotContain("collector-password", "hcaik_fedcba");
    assertThat(config.toString()).doesNotContain("0123456789abcdef", "collector-password", "hcaik_");
  }

  @Test
  void renderedConfigParsesBackToAnEqualConfig() {
    ApprenticeConfig original = ConfigLoader.parse("circuit_breaker: { minimum_calls: 20 }\n" + PRODUCT_EXAMPLE
        + "  mixed:\n    strategy: least-latency\n    targets: [ { provider: sim, model: '1.10', weight: 0.5 } ]\n"
        + "  true:\n    targets: [ { provider: local-vllm, model: 'null' } ]\n    attempt_timeout_ms: 15000\n",
        Map.of());

    String rendered = ConfigLoader.render(original);

    // the rendering resolves the unset API key variables, so only the original carries their warnings (the third
    // says that local-vllm/null has no price)
    assertThat(original.warnings()).hasSize(3);
    assertThat(ConfigLoader.parse(rendered, Map.of())).usingRecursiveComparison().ignoringFields("warnings")
        .isEqualTo(original);
  }

  @Test
  void renderSpellsOutEveryDefault() {
    String yaml = ConfigLoader.render(ConfigLoader.defaults(Map.of()));

    assertThat(yaml).contains("max_body_bytes: 8388608").contains("url: jdbc:sqlite:.apprentice/apprentice.db")
        .contains("strategy: fallback").contains("retry_backoff_ms: 200").contains("open_ms: 30000")
        .contains("mode: echo").contains("read_timeout_ms: 30000").contains("idle_timeout_ms: 60000")
        .contains("max_connections: 10000");
  }
}
