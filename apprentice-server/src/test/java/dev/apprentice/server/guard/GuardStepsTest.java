package dev.apprentice.server.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.gateway.config.GuardSettings;
import dev.apprentice.guard.CleanTextMemory;
import dev.apprentice.guard.pii.PiiSettings;
import dev.apprentice.guard.policy.Action;
import dev.apprentice.guard.policy.GuardPolicy;
import dev.apprentice.guard.secrets.SecretScanner;
import dev.apprentice.guard.Scanner;
import dev.apprentice.testing.HookedEmbedder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.apprentice.guard.policy.StreamRedaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardStepsTest {

  @Test
  void theConfigsListsOfPiiTypesRegionsAndThresholdsAgreeWithTheScanners() {
    assertThat(GuardSettings.PII_ENTITIES).containsExactlyInAnyOrderElementsOf(PiiSettings.ALL_ENTITIES);
    assertThat(GuardSettings.DEFAULT_PHONE_REGIONS).containsExactlyElementsOf(PiiSettings.DEFAULT_REGIONS);
    assertThat(GuardSettings.DEFAULT_THRESHOLD).isEqualTo(PiiSettings.defaults().threshold())
        .isEqualTo(new SecretScanner().threshold());
    assertThat(GuardSettings.DEFAULT_STREAM_HOLDBACK_CHARS).isEqualTo(StreamRedaction.DEFAULT_HOLDBACK_CHARS);
    assertThat(GuardSettings.MIN_STREAM_HOLDBACK_CHARS).isEqualTo(StreamRedaction.MIN_HOLDBACK_CHARS);
  }

  @Test
  void onlyModelsWithAnActiveGuardBlockGetGuardrailsAndEqualBlocksShareThem() {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          sim: { type: simulator }
        guard:
          input: { pii: redact }
        models:
          a: { targets: [ { provider: sim, model: sim-echo } ] }
          b: { targets: [ { provider: sim, model: sim-echo } ] }
          plain:
            targets: [ { provider: sim, model: sim-echo } ]
            guard: { input: { pii: off } }
        """, Map.of());

    Map<String, GuardStep.Guard> guards = GuardSteps.of(java.nio.file.Path.of("target/no-detectors"), dev.apprentice.testing.WordHashEmbedder::new, java.time.Clock.systemUTC()).guards(config);

    assertThat(guards).containsOnlyKeys("a", "b");
    assertThat(guards.get("a")).isSameAs(guards.get("b"));
  }

  @Test
  void twoModelsWithDifferentGuardBlocksOverTheSameDetectorEmbedASentenceOnce(@TempDir Path dataDir) {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          sim: { type: simulator }
        models:
          strict:
            targets: [ { provider: sim, model: sim-echo } ]
            guard: { input: { injection: block }, injection: { threshold: 0.3 } }
          lenient:
            targets: [ { provider: sim, model: sim-echo } ]
            guard: { input: { injection: flag }, injection: { threshold: 0.8 } }
        """, Map.of());
    List<String> embedded = new CopyOnWriteArrayList<>();
    Map<String, GuardStep.Guard> guards = GuardSteps.of(dataDir, () -> HookedEmbedder.wordHash(embedded::addAll),
        Clock.systemUTC()).guards(config);
    String sentence = "Please summarise the attached quarterly report in three bullet points.";
    Scanner strict = guards.get("strict").policy().scanners().get("injection");
    Scanner lenient = guards.get("lenient").policy().scanners().get("injection");
    double risk = strict.scan(sentence).risk(); // trains the default detector first, embedding its examples too
    embedded.clear();

    assertThat(lenient.scan(sentence).risk()).isEqualTo(risk);
    assertThat(embedded).isEmpty();
    assertThat(lenient.threshold()).isEqualTo(0.8);
  }

  @Test
  void aPolicyHasTheScannersItsActionsNeedWithTheConfiguredSettings() {
    GuardSettings settings = ConfigLoader.parse("""
        providers:
          sim: { type: simulator }
        models:
          m:
            targets: [ { provider: sim, model: sim-echo } ]
            guard:
              input: { secrets: block }
              output: { pii: flag, json_schema: block, json_schema_retry: true }
              pii: { entities: [EMAIL_ADDRESS], threshold: 0.8 }
              secrets: { threshold: 0.9 }
        """, Map.of()).models().get("m").guard();

    GuardPolicy policy = GuardSteps.of(java.nio.file.Path.of("target/no-detectors"), dev.apprentice.testing.WordHashEmbedder::new, java.time.Clock.systemUTC()).policy(settings);

    assertThat(policy.input()).containsEntry("pii", Action.OFF).containsEntry("secrets", Action.BLOCK);
    assertThat(policy.outputPii()).isEqualTo(Action.FLAG);
    assertThat(policy.jsonSchema()).isEqualTo(Action.BLOCK);
    assertThat(policy.jsonSchemaRetry()).isTrue();
    assertThat(policy.scanners()).containsOnlyKeys("pii", "secrets");
    assertThat(policy.scanners().get("pii")).isInstanceOf(CleanTextMemory.class).extracting(s -> s.name()).isEqualTo("pii");
    assertThat(policy.scanners().get("pii").threshold()).isEqualTo(0.8);
    assertThat(policy.scanners().get("secrets").threshold()).isEqualTo(0.9);
    assertThat(policy.scanners().get("pii").scan("call +1 650-253-0000 or a@example.com").findings())
        .extracting(f -> f.type()).containsExactly("EMAIL_ADDRESS");
  }

  @Test
  void anAnswerReadForSecretsAloneGivesThePolicyASecretsScannerWithTheConfiguredThreshold() {
    GuardSettings settings = ConfigLoader.parse("""
        providers:
          sim: { type: simulator }
        models:
          m:
            targets: [ { provider: sim, model: sim-echo } ]
            guard:
              output: { secrets: redact }
              secrets: { threshold: 0.9 }
        """, Map.of()).models().get("m").guard();

    GuardPolicy policy = GuardSteps.of(java.nio.file.Path.of("target/no-detectors"),
        dev.apprentice.testing.WordHashEmbedder::new, java.time.Clock.systemUTC()).policy(settings);

    assertThat(policy.outputSecrets()).isEqualTo(Action.REDACT);
    assertThat(policy.outputPii()).isEqualTo(Action.OFF);
    assertThat(policy.checksOutput()).isTrue();
    assertThat(policy.checksInput()).isFalse();
    assertThat(policy.scanners()).containsOnlyKeys("secrets");
    assertThat(policy.scanners().get("secrets").threshold()).isEqualTo(0.9);
  }
}
