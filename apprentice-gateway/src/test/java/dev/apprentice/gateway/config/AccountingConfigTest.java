package dev.apprentice.gateway.config;

import static dev.apprentice.gateway.config.ConfigExamples.MINIMAL;
import static dev.apprentice.gateway.config.ConfigExamples.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.access.Limits;
import dev.apprentice.gateway.accounting.Capture;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountingConfigTest {

  @Test
  void theAccountingBlocksAreReadWithAModelsCaptureOverridingTheDefault() {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          sim: { type: simulator }
        models:
          open: { targets: [ { provider: sim, model: sim-echo } ] }
          private: { targets: [ { provider: sim, model: sim-echo } ], traces: { capture: metadata-only } }
        traces: { capture: full, queue_capacity: 1000, queue_max_mb: 16, full_queue_wait_ms: 0, retention_days: 30 }
        tenants:
          acme: { rpm: 60, tpm: 10000, budget_usd_per_day: 5, budget_usd_per_month: 50.5, max_concurrent: 8 }
        limits: { reserve_output_tokens: 512 }
        telemetry:
          otlp: { endpoint: "http://collector:4318/v1/traces", headers: { x-key: k }, timeout_ms: 2000 }
        logging: { format: json, access_log: true }
        """, Map.of());

    assertThat(config.models().get("open").capture()).isEqualTo(Capture.FULL);
    assertThat(config.models().get("private").capture()).isEqualTo(Capture.METADATA_ONLY);
    assertThat(config.traces().queueCapacity()).isEqualTo(1000);
    assertThat(config.traces().queueMaxMb()).isEqualTo(16);
    assertThat(config.traces().fullQueueWaitMs()).as("0: a full queue drops at once").isZero();
    assertThat(config.traces().retentionDays()).isEqualTo(30);
    assertThat(config.traces().expires()).isTrue();
    assertThat(ConfigLoader.parse(MINIMAL, Map.of()).traces().expires()).as("kept for ever by default").isFalse();
    assertThat(config.limits().tenant("acme")).isEqualTo(new Limits(60, 10000, 5.0, 50.5, 8));
    assertThat(config.limits().tenant("someone-else")).isEqualTo(Limits.NONE);
    assertThat(config.limits().reserveOutputTokens()).isEqualTo(512);
    assertThat(config.telemetry().otlpEnabled()).isTrue();
    assertThat(config.telemetry().otlpHeaders()).containsEntry("x-key", "k");
    assertThat(config.telemetry().jsonLogs()).isTrue();
    assertThat(config.telemetry().accessLog()).isTrue();
  }

  @Test
  void badValuesInTheAccountingBlocksAreRejectedWithTheirPaths() {
    assertThat(problemsOf(MINIMAL + """
        traces: { enabled: maybe, capture: everything, queue_max_mb: 0, full_queue_wait_ms: -5, retention_days: -1 }
        tenants:
          acme: { rpm: 0, budget_usd_per_day: -1, budgets: 3, max_concurrent: 0 }
        limits: { reserve_output_tokens: 0 }
        telemetry:
          otlp: { endpoint: "collector:4318" }
        logging: { format: xml }
        """)).containsExactlyInAnyOrder(
        "traces.enabled: expected true or false, got 'maybe'",
        "traces.capture: unknown capture policy 'everything' (known: full, metadata-only)",
        "traces.queue_max_mb: expected an integer between 1 and 1000000, got '0'",
        "traces.full_queue_wait_ms: expected an integer between 0 and 600000, got '-5'",
        "traces.retention_days: expected an integer between 0 and 36500, got '-1'",
        "tenants.acme.rpm: expected a positive integer, got '0'",
        "tenants.acme.budget_usd_per_day: expected a non-negative number, got '-1'",
        "tenants.acme.budgets: unknown key",
        "tenants.acme.max_concurrent: expected a positive integer, got '0'",
        "limits.reserve_output_tokens: expected an integer between 1 and 10000000, got '0'",
        "telemetry.otlp.endpoint: expected an http(s) URL such as http://collector:4318/v1/traces, got 'collector:4318'",
        "logging.format: unknown log format 'xml' (known: text, json)");
  }

  @Test
  void theBuiltInSimulatorModelsCarryAPriceSoThatBudgetsCanBeTried() {
    ApprenticeConfig config = ConfigLoader.defaults(Map.of());

    assertThat(config.models().get("sim-echo").price().outputPerMtok()).isPositive();
    assertThat(config.models().get("sim-lorem").price().outputPerMtok()).isPositive();
  }

  @Test
  void theTenantNamesTheGatewayUsesForItselfAreRefusedWithTheirPaths() {
    assertThat(problemsOf(MINIMAL + """
        tenants:
          admin: { budget_usd_per_day: 5 }
          Unauthenticated: { rpm: 10 }
          NONE: { rpm: 10 }
          acme: { rpm: 10 }
        """)).containsExactly(
        "tenants.admin: " + why("admin"), "tenants.Unauthenticated: " + why("Unauthenticated"),
        "tenants.NONE: " + why("NONE"));
  }

  private static String why(String tenant) {
    return "'" + tenant + "' is reserved: traces and costs use 'admin' for the admin key and 'unauthenticated' for"
        + " requests refused before a key was accepted, and /metrics 'none' for those refused before they became a"
        + " call (any case); choose another tenant name";
  }
}
