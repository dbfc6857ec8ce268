package dev.apprentice.gateway.config;

import static dev.apprentice.gateway.config.ConfigExamples.MINIMAL;
import static dev.apprentice.gateway.config.ConfigExamples.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardConfigTest {

  private static final String TWO_MODELS = """
      providers:
        sim: { type: simulator }
      guard:
        input: { pii: flag, secrets: block }
        output: { pii: flag }
        pii: { phone_regions: [GB, IE] }
      models:
        plain: { targets: [ { provider: sim, model: sim-echo } ] }
        smart:
          targets: [ { provider: sim, model: sim-echo } ]
          guard:
            input: { pii: redact }
            output: { json_schema: block, json_schema_retry: true }
            pii: { entities: [EMAIL_ADDRESS, PHONE_NUMBER], threshold: 0.7 }
      """;

  @Test
  void withoutAGuardBlockEveryScannerIsOff() {
    ApprenticeConfig config = ConfigLoader.parse(MINIMAL, Map.of());

    GuardSettings guard = config.models().get("echo").guard();
    assertThat(guard).isEqualTo(GuardSettings.defaults());
    assertThat(guard.active()).isFalse();
    assertThat(guard.input()).containsOnlyKeys("pii", "secrets", "injection").containsValues(GuardAction.OFF);
    assertThat(guard.output()).containsOnlyKeys("pii", "secrets", "json_schema").containsValues(GuardAction.OFF);
    assertThat(guard.piiEntities()).hasSize(8);
  }

  @Test
  void aModelsGuardBlockOverridesTheTopLevelDefaultFieldByField() {
    ApprenticeConfig config = ConfigLoader.parse(TWO_MODELS, Map.of());

    GuardSettings plain = config.models().get("plain").guard();
    assertThat(plain.input("pii")).isEqualTo(GuardAction.FLAG);
    assertThat(plain.input("secrets")).isEqualTo(GuardAction.BLOCK);
    assertThat(plain.output("json_schema")).isEqualTo(GuardAction.OFF);
    assertThat(plain.phoneRegions()).containsExactly("GB", "IE");
    GuardSettings smart = config.models().get("smart").guard();
    assertThat(smart.input("pii")).isEqualTo(GuardAction.REDACT);
    assertThat(smart.input("secrets")).as("from the default").isEqualTo(GuardAction.BLOCK);
    assertThat(smart.output("pii")).as("from the default").isEqualTo(GuardAction.FLAG);
    assertThat(smart.output("json_schema")).isEqualTo(GuardAction.BLOCK);
    assertThat(smart.jsonSchemaRetry()).isTrue();
    assertThat(smart.piiEntities()).containsExactly("EMAIL_ADDRESS", "PHONE_NUMBER");
    assertThat(smart.phoneRegions()).as("from the default").containsExactly("GB", "IE");
    assertThat(smart.piiThreshold()).isEqualTo(0.7);
    assertThat(smart.secretsThreshold()).isEqualTo(GuardSettings.DEFAULT_THRESHOLD);
  }

  @Test
  void theProductExampleGuardBlockWithoutInjectionIsAccepted() {
    ApprenticeConfig config = ConfigLoader.parse(MINIMAL
        + "    guard:\n      input:  { pii: redact, secrets: redact }\n      output: { pii: flag, json_schema: flag }\n",
        Map.of());

    assertThat(config.models().get("echo").guard().active()).isTrue();
  }

  @Test
  void anUnknownActionIsRejectedWithItsExactPath() {
    assertThat(problemsOf(MINIMAL + "    guard:\n      input: { pii: mask }\n")).containsExactly(
        "models.echo.guard.input.pii: unknown guard action 'mask' (known: off, flag, redact, block)");
  }

  @Test
  void aBareYesOrOnIsReportedAsWrittenWithTheActionsThatTurnAScannerOn() {
    String allowed = " (known: off, flag, redact, block); YAML reads it as true, and a scanner is turned on by what it"
        + " does: flag, redact or block";
    assertThat(problemsOf(MINIMAL + "    guard:\n      input: { pii: yes, secrets: On, injection: true }\n"))
        .containsExactly("models.echo.guard.input.pii: unknown guard action 'yes'" + allowed,
            "models.echo.guard.input.secrets: unknown guard action 'On'" + allowed,
            "models.echo.guard.input.injection: unknown guard action 'true'" + allowed);
  }

  @Test
  void aBareNoOrOffTurnsTheScannerOff() {
    ApprenticeConfig config = ConfigLoader.parse(MINIMAL + "    guard:\n      input: { pii: no, secrets: off }\n",
        Map.of());

    assertThat(config.models().get("echo").guard().input("pii")).isEqualTo(GuardAction.OFF);
    assertThat(config.models().get("echo").guard().input("secrets")).isEqualTo(GuardAction.OFF);
  }

  @Test
  void theAnswerCanBeReadForSecretsAndAModelOverridesTheDefaultFieldByField() {
    String withDefault = MINIMAL.replace("models:", "guard: { output: { secrets: redact } }\nmodels:");
    GuardSettings inherited = ConfigLoader.parse(withDefault + "    guard:\n      output: { pii: flag }\n", Map.of())
        .models().get("echo").guard();
    GuardSettings own = ConfigLoader.parse(withDefault + "    guard:\n      output: { secrets: block }\n", Map.of())
        .models().get("echo").guard();

    assertThat(inherited.output("secrets")).as("from the default").isEqualTo(GuardAction.REDACT);
    assertThat(inherited.output("pii")).isEqualTo(GuardAction.FLAG);
    assertThat(own.output("secrets")).isEqualTo(GuardAction.BLOCK);
    assertThat(own.active()).isTrue();
    assertThat(GuardSettings.defaults().output("secrets")).isEqualTo(GuardAction.OFF);
    assertThat(problemsOf(MINIMAL + "    guard:\n      output: { secrets: mask }\n")).containsExactly(
        "models.echo.guard.output.secrets: unknown guard action 'mask' (known: off, flag, redact, block)");
  }

  @Test
  void redactIsRejectedForJsonSchema() {
    assertThat(problemsOf(MINIMAL + "    guard:\n      output: { json_schema: redact }\n")).containsExactly(
        "models.echo.guard.output.json_schema: json_schema cannot redact: an answer that fails its schema has nothing"
            + " to take out (use off, flag or block)");
  }

  @Test
  void injectionBlockingTakesAThresholdAndADetectorName() {
    ApprenticeConfig config = ConfigLoader.parse(MINIMAL
        + "    guard:\n      input: { injection: block }\n      injection: { threshold: 0.8, detector: support-desk, max_chars: 20000 }\n",
        Map.of());

    GuardSettings guard = config.models().get("echo").guard();
    assertThat(guard.input("injection")).isEqualTo(GuardAction.BLOCK);
    assertThat(guard.injectionThreshold()).isEqualTo(0.8);
    assertThat(guard.injectionDetector()).isEqualTo("support-desk");
    assertThat(guard.injectionMaxChars()).isEqualTo(20_000);
    assertThat(GuardSettings.defaults().injectionMaxChars()).isEqualTo(65_536);
    assertThat(GuardSettings.defaults().injectionDetector()).isEqualTo("default");
  }

  @Test
  void theInjectionBudgetPerCallIsReadAndNeverBelowOneTextsLimit() {
    GuardSettings set = ConfigLoader.parse(MINIMAL + "    guard:\n      input: { injection: block }\n"
        + "      injection: { max_chars: 20000, max_chars_per_call: 50000 }\n", Map.of()).models().get("echo").guard();
    GuardSettings raisedAlone = ConfigLoader.parse(MINIMAL + "    guard:\n      input: { injection: block }\n"
        + "      injection: { max_chars: 200000 }\n", Map.of()).models().get("echo").guard();

    assertThat(set.injectionMaxCharsPerCall()).isEqualTo(50_000);
    assertThat(GuardSettings.defaults().injectionMaxCharsPerCall()).isEqualTo(131_072);
    assertThat(raisedAlone.injectionMaxCharsPerCall()).isEqualTo(200_000);
    assertThat(problemsOf(MINIMAL + "    guard:\n      injection: { max_chars: 20000, max_chars_per_call: 10000 }\n"))
        .containsExactly("models.echo.guard.injection.max_chars_per_call: must be at least max_chars (20000): one text"
            + " may use the whole budget of its call, got 10000");
  }

  @Test
  void theStreamHoldbackIsReadFromTheOutputBlockShownByConfigShowAndDefaultsTo128() {
    ApprenticeConfig config = ConfigLoader.parse(MINIMAL
        + "    guard:\n      output: { pii: redact, stream_holdback_chars: 300 }\n", Map.of());

    assertThat(config.models().get("echo").guard().streamHoldbackChars()).isEqualTo(300);
    assertThat(ConfigRenderer.render(config)).contains("stream_holdback_chars: 300");
    assertThat(GuardSettings.defaults().streamHoldbackChars()).isEqualTo(128);
  }

  @Test
  void aStreamHoldbackShorterThanAValueWrittenInGroupsIsRefusedAtItsPath() {
    assertThat(problemsOf(MINIMAL + "    guard:\n      output: { pii: redact, stream_holdback_chars: 10 }\n"))
        .containsExactly("models.echo.guard.output.stream_holdback_chars: expected an integer between 64 and"
            + " 1048576, got '10'");
  }

  @Test
  void injectionCannotRedactAndItsSettingsAreChecked() {
    assertThat(problemsOf(MINIMAL + """
            guard:
              input: { injection: redact }
              injection: { threshold: 0, detector: "../x", model: big, max_chars: 10 }
        """)).containsExactlyInAnyOrder(
        "models.echo.guard.input.injection: injection cannot redact: an injected instruction has no value to put back"
            + " (use off, flag or block)",
        "models.echo.guard.injection.threshold: expected a number between 0 and 1, got '0'",
        "models.echo.guard.injection.detector: expected 'default' or the name of a detector trained with 'apprentice"
            + " guard train' (a-z, 0-9, '_' and '-'), got '../x'",
        "models.echo.guard.injection.model: unknown key",
        "models.echo.guard.injection.max_chars: expected an integer between 1000 and 8388608, got '10'");
  }

  @Test
  void badScannerSettingsAreRejectedWithTheirExactPaths() {
    List<String> problems = problemsOf(MINIMAL + """
            guard:
              input: { pii: flag, secret: flag }
              output: { json_schema_retry: sometimes }
              pii: { entities: [EMAIL_ADDRESS, PASSPORT], phone_regions: [US, XX], threshold: 2 }
              secrets: { threshold: 0 }
        """);

    assertThat(problems).containsExactlyInAnyOrder(
        "models.echo.guard.input.secret: unknown key (did you mean 'secrets'?)",
        "models.echo.guard.output.json_schema_retry: expected true or false, got 'sometimes'",
        "models.echo.guard.pii.entities[1]: unknown PII type 'PASSPORT' (known: EMAIL_ADDRESS, PHONE_NUMBER, "
            + "CREDIT_CARD, IBAN_CODE, US_SSN, IP_ADDRESS, URL, CRYPTO)",
        "models.echo.guard.pii.phone_regions[1]: expected an ISO 3166 two-letter region code such as US or GB, got 'XX'",
        "models.echo.guard.pii.threshold: expected a number between 0 and 1, got '2'",
        "models.echo.guard.secrets.threshold: expected a number between 0 and 1, got '0'");
  }

  @Test
  void unreadableContentIsAllowedByDefaultAndAModelMayBlockItOverTheTopLevelsChoice() {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          sim: { type: simulator }
        guard:
          input: { pii: redact, unreadable: block }
        models:
          strict: { targets: [ { provider: sim, model: sim-echo } ] }
          lenient:
            targets: [ { provider: sim, model: sim-echo } ]
            guard: { input: { unreadable: allow } }
        """, Map.of());

    assertThat(GuardSettings.defaults().blockUnreadable()).isFalse();
    assertThat(config.models().get("strict").guard().blockUnreadable()).isTrue();
    assertThat(config.models().get("lenient").guard().blockUnreadable()).isFalse();
    assertThat(config.models().get("lenient").guard().input("pii")).as("from the default")
        .isEqualTo(GuardAction.REDACT);
    String rendered = ConfigLoader.render(config);
    assertThat(rendered).contains("unreadable: block").contains("unreadable: allow");
    assertThat(ConfigLoader.parse(rendered, Map.of())).isEqualTo(config);
  }

  @Test
  void aBadUnreadableActionIsRejectedWithItsExactPath() {
    assertThat(problemsOf(MINIMAL + "    guard:\n      input: { pii: redact, unreadable: redact }\n")).containsExactly(
        "models.echo.guard.input.unreadable: unknown unreadable content action 'redact' (known: allow, block)");
    assertThat(problemsOf(MINIMAL + "    guard:\n      input: { unreadable: off }\n")).containsExactly(
        "models.echo.guard.input.unreadable: unknown unreadable content action 'off' (known: allow, block)");
  }

  @Test
  void anEmptyEntityListIsRejected() {
    assertThat(problemsOf(MINIMAL + "    guard:\n      pii: { entities: [] }\n"))
        .containsExactly("models.echo.guard.pii.entities: must name at least one PII type");
  }

  @Test
  void theRenderedGuardBlockParsesBackToTheSameSettings() {
    ApprenticeConfig original = ConfigLoader.parse(TWO_MODELS, Map.of());

    String rendered = ConfigLoader.render(original);

    assertThat(rendered).contains("json_schema_retry: true").contains("injection: \"off\"");
    assertThat(ConfigLoader.parse(rendered, Map.of())).isEqualTo(original);
  }
}
