package dev.apprentice.gateway.config;

import static dev.apprentice.gateway.config.ConfigExamples.MINIMAL;
import static dev.apprentice.gateway.config.ConfigExamples.PRODUCT_EXAMPLE;
import static dev.apprentice.gateway.config.ConfigExamples.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigInterpolationTest {

  @Test
  void variablesAreReplacedInsideStringsAndNumbersMayComeFromTheEnvironment() {
    ApprenticeConfig config = ConfigLoader.parse("""
        server: { host: "${HOST}", port: "${PORT}" }
        data_dir: "${HOME_DIR}/apprentice"
        """ + MINIMAL, Map.of("HOST", "0.0.0.0", "PORT", "9090", "HOME_DIR", "/srv"));

    assertThat(config.server().host()).isEqualTo("0.0.0.0");
    assertThat(config.server().port()).isEqualTo(9090);
    assertThat(config.dataDir()).isEqualTo("/srv/apprentice");
  }

  @Test
  void aDefaultAppliesWhenTheVariableIsUnsetOrEmpty() {
    String yaml = "server: { port: \"${PORT:-8181}\", host: \"${HOST:-localhost}\" }\n" + MINIMAL;

    assertThat(ConfigLoader.parse(yaml, Map.of()).server().port()).isEqualTo(8181);
    assertThat(ConfigLoader.parse(yaml, Map.of("HOST", "")).server().host()).isEqualTo("localhost");
    assertThat(ConfigLoader.parse(yaml, Map.of("PORT", "7000")).server().port()).isEqualTo(7000);
  }

  @Test
  void aDefaultMayHoldAPlaceholderItself() {
    String yaml = """
        data_dir: "${DATA_DIR:-${HOME_DIR}/apprentice}"
        providers:
          oai: { type: openai, base_url: "http://127.0.0.1:1/v1", api_key: "${MY_KEY:-${FALLBACK_KEY}}" }
        models:
          echo: { targets: [ { provider: oai, model: x } ] }
        """;

    ApprenticeConfig fallback = ConfigLoader.parse(yaml, Map.of("HOME_DIR", "/srv", "FALLBACK_KEY", "sk-fallback"));
    assertThat(fallback.dataDir()).isEqualTo("/srv/apprentice");
    assertThat(fallback.providers().get("oai").apiKey()).isEqualTo("sk-fallback");
    ApprenticeConfig set = ConfigLoader.parse(yaml, Map.of("DATA_DIR", "/data", "MY_KEY", "sk-mine", "HOME_DIR", "/srv"));
    assertThat(set.dataDir()).isEqualTo("/data");
    assertThat(set.providers().get("oai").apiKey()).isEqualTo("sk-mine");
    assertThat(problemsOf("data_dir: \"${DATA_DIR:-${NOT_SET}/x}\"\n" + MINIMAL))
        .containsExactly("data_dir: environment variable 'NOT_SET' is not set (use ${NOT_SET:-default} for a fallback)");
  }

  @Test
  void anUnterminatedPlaceholderIsReportedWithoutEchoingTheValueWhichMayBeASecret() {
    String yaml = """
        providers:
          oai: { type: openai, base_url: "http://127.0.0.1:1/v1", api_key: "sk-live-abcdef${XYZ" }
        models:
          echo: { targets: [ { provider: oai, model: x } ] }
        """;

    assertThat(problemsOf(yaml)).singleElement().asString().startsWith("providers.oai.api_key: unterminated '${'")
        .doesNotContain("sk-live-abcdef");
  }

  @Test
  void anUnsetVariableWithoutDefaultIsReportedAtItsPath() {
    String yaml = MINIMAL + "    timeout_ms: ${TIMEOUT}\n";

    assertThat(problemsOf(yaml)).containsExactly(
        "models.echo.timeout_ms: environment variable 'TIMEOUT' is not set (use ${TIMEOUT:-default} for a fallback)");
  }

  @Test
  void anUnsetApiKeyMeansTheProviderHasNoKey() {
    ApprenticeConfig config = ConfigLoader.parse(PRODUCT_EXAMPLE, Map.of());

    assertThat(config.providers().get("openai").apiKey()).isNull();
    assertThat(config.providers().get("anthropic").apiKey()).isNull();
  }

  @Test
  void anApiKeyFromAnUnsetVariableIsAWarningNamingTheVariable() {
    ApprenticeConfig config = ConfigLoader.parse(PRODUCT_EXAMPLE, Map.of("OPENAI_API_KEY", "sk-test"));

    assertThat(config.providers().get("openai").apiKey()).isEqualTo("sk-test");
    assertThat(config.warnings()).containsExactly("providers.anthropic.api_key: environment variable"
        + " 'ANTHROPIC_API_KEY' is not set: this provider is called without an API key (write ${ANTHROPIC_API_KEY:-}"
        + " if that is meant)");
  }

  @Test
  void anApiKeyLeftEmptyOnPurposeByAnEmptyDefaultIsNoWarning() {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          vllm: { type: openai, base_url: "http://127.0.0.1:1/v1", api_key: "${VLLM_KEY:-}" }
        models:
          echo: { targets: [ { provider: vllm, model: x } ], price: { input_per_mtok: 0, output_per_mtok: 0 } }
        """, Map.of());

    assertThat(config.providers().get("vllm").apiKey()).isNull();
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void theBuiltInDefaultHasNoWarningsWithoutProviderKeys() {
    assertThat(ConfigLoader.defaults(Map.of()).warnings()).isEmpty();
  }

  @Test
  void aDoubledDollarIsALiteralDollar() {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          sim: { type: simulator, mode: fixed, text: "costs $$5, not $${PRICE}" }
        models:
          echo: { targets: [ { provider: sim, model: x } ] }
        """, Map.of());

    assertThat(config.providers().get("sim").simulator().text()).isEqualTo("costs $5, not ${PRICE}");
  }

  @Test
  void anUnquotedPlaceholderInsideBracesIsToldToBeQuoted() {
    String hint = "; a ${VAR} inside { } or [ ] must be quoted: \"${VAR}\"";

    assertThatThrownBy(() -> ConfigLoader.parse("server: { port: ${PORT:-8080} }\n" + MINIMAL, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("invalid YAML at line 1, column 18: expected ',' or '}', but got {" + hint);
    assertThatThrownBy(() -> ConfigLoader.parse("server: { port: 80 80 }\n" + MINIMAL, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageNotContaining("must be quoted");
  }
}
