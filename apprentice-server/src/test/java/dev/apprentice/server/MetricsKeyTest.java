package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** {@code server.metrics_key}: {@code /metrics} is open by default, and with the key set only that key or the admin's read it. */
class MetricsKeyTest {

  private static final String ADMIN_KEY = "admin-key-for-metrics-tests";
  private static final String METRICS_KEY = "scrape-key-for-metrics-tests";
  private static final String YAML = """
      server: { metrics_key: %s }
      providers:
        sim: { type: simulator }
      models:
        a: { targets: [ { provider: sim, model: sim-echo } ] }
      """.formatted(METRICS_KEY);

  @AutoClose
  private final RunningGateway gateway = Gateways.running(YAML, ADMIN_KEY, Clock.systemUTC());
  private final KeyedHttp http = gateway.http();

  @Test
  void withAMetricsKeyTheMetricsAreReadWithThatKeyOrTheAdminKey() {
    HttpResponse<String> scraped = http.get("/metrics", METRICS_KEY);
    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.body()).contains("apprentice_calls_shed_total").doesNotContain(METRICS_KEY);
    assertThat(http.get("/metrics", ADMIN_KEY).statusCode()).isEqualTo(200);
  }

  @Test
  void withAMetricsKeyTheMetricsAreRefusedWithoutAKey401WithAnUnknownOneAnd403WithAClientKey() {
    String clientKey = gateway.admin().newKey("{\"tenant\":\"acme\"}");
    JsonNode revoked = gateway.admin().createKey("{\"tenant\":\"acme\"}");
    gateway.admin().revoke(revoked.path("id").asText());

    assertError(http.get("/metrics", null), 401, "authentication_error", "invalid_api_key", null);
    for (String unknown : new String[] {"wrong-" + METRICS_KEY, clientKey + "x", revoked.path("key").asText()}) {
      JsonNode error = assertError(http.get("/metrics", unknown), 401, "authentication_error", "invalid_api_key", null);
      assertThat(error.path("message").asText())
          .isEqualTo("Invalid API key: unknown or revoked; the metrics need server.metrics_key or the admin key.")
          .doesNotContain(METRICS_KEY);
    }
    assertError(http.get("/metrics", clientKey), 403, "permission_error", "model_not_allowed", null);
  }

  @Test
  void withoutAMetricsKeyTheMetricsAreOpenForAScraperWithNoSetup() {
    try (RunningGateway open = Gateways.running(YAML.replace("server: { metrics_key: " + METRICS_KEY + " }\n", ""),
        ADMIN_KEY, Clock.systemUTC())) {
      assertThat(open.http().get("/metrics", null).statusCode()).isEqualTo(200);
    }
  }
}
