package dev.apprentice.gateway.config;

import static dev.apprentice.gateway.config.ConfigExamples.MINIMAL;
import static dev.apprentice.gateway.config.ConfigExamples.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.cache.CachePolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values as users write them: YAML 1.1's bare off, and booleans that come from the environment as text. */
class YamlScalarsTest {

  @Test
  void aBareOffTurnsTheCacheOffAtTheTopLevelAndPerModel() {
    ApprenticeConfig top = ConfigLoader.parse("cache: { mode: off }\n" + MINIMAL, Map.of());
    ApprenticeConfig perModel = ConfigLoader.parse("""
        providers:
          sim: { type: simulator }
        models:
          echo:
            targets: [ { provider: sim, model: sim-echo } ]
            cache: { mode: off }
        """, Map.of());

    assertThat(top.models().get("echo").cache().mode()).isEqualTo(CachePolicy.Mode.OFF);
    assertThat(perModel.models().get("echo").cache().mode()).isEqualTo(CachePolicy.Mode.OFF);
  }

  @Test
  void aBareYesIsStillRefusedWhereNoChoiceMeansIt() {
    assertThat(problemsOf("cache: { mode: yes }\n" + MINIMAL))
        .containsExactly("cache.mode: unknown cache mode 'yes' (known: off, exact, semantic)");
    assertThat(problemsOf("traces: { enabled: [on] }\n" + MINIMAL))
        .containsExactly("traces.enabled: expected true or false, got a list");
    assertThat(problemsOf("server: { port: on }\n" + MINIMAL)).singleElement().asString().endsWith("got 'on'");
  }

  @Test
  void booleansInterpolatedFromTheEnvironmentAreBooleans() {
    String yaml = "traces: { enabled: \"${TRACES:-false}\" }\nlogging: { access_log: \"${ACCESS_LOG}\" }\n" + MINIMAL;

    ApprenticeConfig defaulted = ConfigLoader.parse(yaml, Map.of("ACCESS_LOG", "true"));
    ApprenticeConfig set = ConfigLoader.parse(yaml, Map.of("TRACES", "true", "ACCESS_LOG", "false"));

    assertThat(defaulted.traces().enabled()).isFalse();
    assertThat(defaulted.telemetry().accessLog()).isTrue();
    assertThat(set.traces().enabled()).isTrue();
    assertThat(set.telemetry().accessLog()).isFalse();
    assertThat(problemsOf("traces: { enabled: \"maybe\" }\n" + MINIMAL))
        .containsExactly("traces.enabled: expected true or false, got 'maybe'");
  }

  @Test
  void aBareWordYamlReadsAsABooleanIsKeptAsWrittenWhereAStringIsDue() {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          sim: { type: simulator, mode: fixed, text: yes }
          up: { type: openai, base_url: "http://127.0.0.1:8000/v1", headers: { x-debug: on } }
        models:
          echo:
            targets: [ { provider: sim, model: sim-echo } ]
            guard: { pii: { phone_regions: [US, NO] } }
        """, Map.of());

    assertThat(config.models().get("echo").guard().phoneRegions()).containsExactly("US", "NO");
    assertThat(config.providers().get("sim").simulator().text()).isEqualTo("yes");
    assertThat(config.providers().get("up").headers()).containsEntry("x-debug", "on");
  }

  @Test
  void aNumberIsKeptAsWrittenWhereTextIsDueAndReadAsANumberWhereOneIs() {
    ApprenticeConfig config = ConfigLoader.parse("""
        server: { port: 0x1F90 }
        providers:
          sim: { type: simulator, mode: fixed, text: 0123 }
          up: { type: openai, base_url: "http://127.0.0.1:8000/v1", api_key: 0042, headers: { x-version: 2024.10 } }
        models:
          echo:
            targets: [ { provider: sim, model: 1.10 } ]
            retries: 1_0
        """, Map.of());

    assertThat(config.providers().get("sim").simulator().text()).isEqualTo("0123");
    assertThat(config.providers().get("up").apiKey()).isEqualTo("0042");
    assertThat(config.providers().get("up").headers()).containsEntry("x-version", "2024.10");
    assertThat(config.models().get("echo").targets().getFirst().model()).isEqualTo("1.10");
    assertThat(config.server().port()).isEqualTo(8080);
    assertThat(config.models().get("echo").retries()).isEqualTo(10);
    assertThat(problemsOf("server: { port: 0x10000 }\n" + MINIMAL))
        .containsExactly("server.port: expected an integer between 0 and 65535, got '0x10000'");
  }
}
