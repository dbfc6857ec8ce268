package dev.apprentice.gateway.config;

import static dev.apprentice.gateway.config.ConfigExamples.MINIMAL;
import static dev.apprentice.gateway.config.ConfigExamples.PRODUCT_EXAMPLE;
import static dev.apprentice.gateway.config.ConfigExamples.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

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
  void aDoubledDollarIsALiteralDollar() {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          sim: { type: simulator, mode: fixed, text: "costs $$5, not $${PRICE}" }
        models:
          echo: { targets: [ { provider: sim, model: x } ] }
        """, Map.of());

    assertThat(config.providers().get("sim").simulator().text()).isEqualTo("costs $5, not ${PRICE}");
  }
}
