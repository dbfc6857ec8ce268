package dev.apprentice.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings that hold secrets print every component, and never a secret, whatever components they have. */
class MaskedRecordTest {

  private static final String KEY = "sk-live-0123456789abcdef";
  private static final String PASSWORD = "collector-password-0123";
  private static final String HEADER = "hcaik_fedcba9876543210";

  private static Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-honeycomb-team", HEADER);
    headers.put("content-type", "application/json");
    return headers;
  }

  private static ProviderSettings provider() {
    return new ProviderSettings("gw", "openai", "https://u:" + PASSWORD + "@gw.example.com/v1", KEY, headers(),
        Duration.ofSeconds(5), 1024, null, null, null, null, null, null);
  }

  private static TelemetrySettings telemetry() {
    // one header: the settings keep headers in no particular order
    return new TelemetrySettings("https://u:" + PASSWORD + "@otlp.example.com/v1/traces",
        Map.of("x-honeycomb-team", HEADER), "apprentice", Duration.ofSeconds(10), true, false);
  }

  private static ServerSettings server() {
    return new ServerSettings("127.0.0.1", 8080, 1024, 0, KEY, Duration.ofSeconds(30), Duration.ofSeconds(60), 100,
        0);
  }

  @Test
  void eachSettingsTypeNamesEveryComponentAndNeverItsSecrets() {
    for (Record settings : List.<Record>of(provider(), telemetry(), server())) {
      String text = settings.toString();

      assertThat(text).startsWith(settings.getClass().getSimpleName() + "[").doesNotContain(KEY, PASSWORD, HEADER);
      for (RecordComponent component : settings.getClass().getRecordComponents()) {
        assertThat(text).as(settings.getClass().getSimpleName()).contains(component.getName() + "=");
      }
    }
  }

  @Test
  void theTextIsTheGeneratedOneWithTheSecretsMasked() {
    assertThat(provider().toString()).isEqualTo("ProviderSettings[name=gw, type=openai, "
        + "baseUrl=https://u:****@gw.example.com/v1, apiKey=sk-…cdef, "
        + "headers={x-honeycomb-team=…3210, content-type=application/json}, connectTimeout=PT5S, "
        + "maxTokensDefault=1024, simulator=null, outputLimitField=auto, reasoningHistory=auto, streamUsage=auto, "
        + "sendMetadata=auto, structuredOutput=tool]");
    assertThat(telemetry().toString()).isEqualTo("TelemetrySettings[otlpEndpoint=https://u:****@otlp.example.com"
        + "/v1/traces, otlpHeaders={x-honeycomb-team=…3210}, serviceName=apprentice, "
        + "otlpTimeout=PT10S, jsonLogs=true, accessLog=false]");
    assertThat(server().toString()).isEqualTo("ServerSettings[host=127.0.0.1, port=8080, maxBodyBytes=1024, "
        + "maxConcurrentCalls=0, metricsKey=sk-…cdef, readTimeout=PT30S, idleTimeout=PT1M, maxConnections=100, "
        + "maxInflightBodyBytes=0]");
  }

  @Test
  void aSecretLeftUnsetStaysNull() {
    ProviderSettings simulator = new ProviderSettings("sim", "simulator", null, null, null, Duration.ofSeconds(5), 0,
        null, null, null, null, null, null);

    assertThat(simulator.toString()).contains("baseUrl=null, apiKey=null, headers={}");
  }

  @Test
  void aMaskThatNamesNoComponentFailsSoARenamedSecretCannotGoUnmasked() {
    assertThatThrownBy(() -> MaskedRecord.toString(server(), Map.of("metricKey", SecretMask.KEY)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("metricKey");
  }
}
