package dev.apprentice.gateway.config;

import static dev.apprentice.gateway.config.ConfigExamples.KEYS;
import static dev.apprentice.gateway.config.ConfigExamples.MINIMAL;
import static dev.apprentice.gateway.config.ConfigExamples.PRODUCT_EXAMPLE;
import static dev.apprentice.gateway.config.ConfigExamples.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParsingTest {

  @Test
  void theProductExampleParsesIntoProvidersAndModelsInFileOrder() {
    ApprenticeConfig config = ConfigLoader.parse(PRODUCT_EXAMPLE, KEYS);

    assertThat(config.server()).isEqualTo(new ServerSettings("127.0.0.1", 8080, 8_388_608));
    assertThat(config.dataDir()).isEqualTo(".apprentice");
    assertThat(config.store().url()).isEqualTo("jdbc:sqlite:.apprentice/apprentice.db");
    assertThat(config.providers()).containsOnlyKeys("openai", "local-vllm", "anthropic", "sim");
    assertThat(List.copyOf(config.providers().keySet())).containsExactly("openai", "local-vllm", "anthropic", "sim");
    assertThat(config.providers().get("openai").apiKey()).isEqualTo("sk-proj-0123456789abcdef3a9");
    assertThat(config.providers().get("local-vllm").baseUrl()).isEqualTo("http://127.0.0.1:8000/v1");
    assertThat(config.providers().get("local-vllm").apiKey()).isNull();
    assertThat(config.providers().get("anthropic").baseUrl()).isEqualTo("https://api.anthropic.com");
    assertThat(config.providers().get("anthropic").maxTokensDefault()).isEqualTo(4096);
    assertThat(config.providers().get("sim").simulator()).isEqualTo(SimulatorOptions.defaults());
    assertThat(config.providers().get("openai").simulator()).isNull();

    ModelSettings smart = config.models().get("smart");
    assertThat(smart.strategy()).isEqualTo(Strategy.FALLBACK);
    assertThat(smart.targets()).containsExactly(
        new TargetSettings("openai", "gpt-4o-2024-08-06", 1),
        new TargetSettings("anthropic", "claude-sonnet-4-5", 1));
    assertThat(smart.price()).isEqualTo(new PriceSettings(2.5, 10.0, 1.25, null, null));
    assertThat(smart.retries()).isEqualTo(2);
    assertThat(smart.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(smart.ttftTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(smart.retryBackoff()).isEqualTo(Duration.ofMillis(200));
    assertThat(smart.circuitBreaker()).isEqualTo(BreakerSettings.defaults());
  }

  @Test
  void leftOutSettingsTakeTheirDocumentedDefaults() {
    ApprenticeConfig config = ConfigLoader.parse(MINIMAL, Map.of());

    assertThat(config.server()).isEqualTo(ServerSettings.defaults());
    assertThat(config.dataDir()).isEqualTo(".apprentice");
    assertThat(config.store().url()).isEqualTo("jdbc:sqlite:.apprentice/apprentice.db");
    ModelSettings echo = config.models().get("echo");
    assertThat(echo.price()).isNull();
    assertThat(echo.retries()).isEqualTo(2);
    assertThat(echo.timeout()).isEqualTo(Duration.ofMillis(60_000));
    assertThat(echo.attemptTimeout()).as("unset: each try takes the default share of the call's time").isNull();
  }

  @Test
  void anAttemptTimeoutIsReadInMilliseconds() {
    ApprenticeConfig config = ConfigLoader.parse(MINIMAL + "    attempt_timeout_ms: 20000\n", Map.of());

    assertThat(config.models().get("echo").attemptTimeout()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void theStoreFollowsTheDataDirectoryUnlessItIsSetExplicitly() {
    assertThat(ConfigLoader.parse("data_dir: /var/lib/apprentice\n" + MINIMAL, Map.of()).store().url())
        .isEqualTo("jdbc:sqlite:/var/lib/apprentice/apprentice.db");

    ApprenticeConfig moved = ConfigLoader.parse(MINIMAL, Map.of()).withDataDir("/tmp/x");
    assertThat(moved.dataDir()).isEqualTo("/tmp/x");
    assertThat(moved.store().url()).isEqualTo("jdbc:sqlite:/tmp/x/apprentice.db");

    ApprenticeConfig pinned = ConfigLoader.parse("store: { url: 'jdbc:sqlite:/srv/db/app.db' }\n" + MINIMAL, Map.of());
    assertThat(pinned.withDataDir("/tmp/x").store().url()).isEqualTo("jdbc:sqlite:/srv/db/app.db");
  }

  @Test
  void commandLineHostAndPortOverrideTheFileAndAreValidatedToo() {
    ApprenticeConfig config = ConfigLoader.parse(MINIMAL, Map.of());

    assertThat(config.withServer("0.0.0.0", null).server()).isEqualTo(new ServerSettings("0.0.0.0", 8080, 8_388_608));
    assertThat(config.withServer(null, 9000).server().port()).isEqualTo(9000);
    assertThatThrownBy(() -> config.withServer(null, 70000))
        .isInstanceOf(ConfigException.class)
        .hasMessage("server.port: expected an integer between 0 and 65535, got '70000'");
  }

  @Test
  void theGuardAndCacheBlocksAreReadWhileALaterFeaturesBlockIsRejectedAsAnUnknownKey() {
    String withLaterFeatures = "cache:\n  mode: exact\n" + MINIMAL
        + "    guard:\n      input: { pii: redact }\n    students: { enabled: true }\n";

    assertThat(problemsOf(withLaterFeatures)).containsExactly("models.echo.students: unknown key");
  }

  @Test
  void simulatorOptionsSitDirectlyUnderTheProvider() {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          sim:
            type: simulator
            mode: fixed
            text: hello
            ttft_ms: 150
            tokens_per_second: 40
            seed: 7
            faults: { rate_limit: 0.1, truncated_stream: 0.5 }
            retry_after_s: 3
        models:
          echo: { targets: [ { provider: sim, model: sim-fixed } ] }
        """, Map.of());

    assertThat(config.providers().get("sim").simulator()).isEqualTo(new SimulatorOptions("fixed", "hello", 50,
        Duration.ofMillis(150), 40, 7L, 0.1, 0, 0, 0, 0, 0.5, 3));
  }

  @Test
  void aModelBlockOverridesTheTopLevelCircuitBreakerFieldByField() {
    ApprenticeConfig config = ConfigLoader.parse("""
        circuit_breaker: { failure_rate_percent: 80, open_ms: 5000 }
        providers:
          sim: { type: simulator }
        models:
          plain: { targets: [ { provider: sim, model: a } ] }
          strict:
            targets: [ { provider: sim, model: b } ]
            circuit_breaker: { failure_rate_percent: 20 }
        """, Map.of());

    assertThat(config.models().get("plain").circuitBreaker())
        .isEqualTo(new BreakerSettings(80, 10, Duration.ofSeconds(5)));
    assertThat(config.models().get("strict").circuitBreaker())
        .isEqualTo(new BreakerSettings(20, 10, Duration.ofSeconds(5)));
  }

  @Test
  void loadReadsAFileAndNamesAMissingOne(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("apprentice.yaml"), MINIMAL);
    assertThat(ConfigLoader.load(file, Map.of()).models()).containsOnlyKeys("echo");

    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config file not found: " + missing);
  }

  @Test
  void aSecondYamlDocumentIsRefusedRatherThanIgnored() {
    String yaml = ConfigExamples.MINIMAL + "---\nserver: { port: 9999 }\nbogus: 1\n";

    assertThat(ConfigExamples.problemsOf(yaml)).singleElement().asString()
        .contains("one YAML document").contains("---");
  }

  @Test
  void aLeadingDocumentMarkerIsFine() {
    assertThat(ConfigLoader.parse("---\n" + ConfigExamples.MINIMAL, java.util.Map.of()).models()).containsKey("echo");
  }
}
