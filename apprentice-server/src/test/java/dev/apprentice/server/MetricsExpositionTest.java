package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} as a demanding scraper reads it after a busy, mixed run — plain, streamed, cached, blocked, failed
 * over, refused (401, 404, 429, 400): the whole exposition parses strictly, every label value comes from a bounded set,
 * and the token and cost counters equal the sums over the stored traces of the same calls.
 */
class MetricsExpositionTest {

  private static final String ADMIN_KEY = "admin-key-for-exposition-tests";
  private static final String SECRET = "gh" + "p_" + new StringBuilder("5Az3Yx1Wv9Ut7Sr5Qp3Nm1Lk9Jh7Gf5Ed3Ba").reverse();
  private static final String YAML = """
      providers:
        sim: { type: simulator }
        broken: { type: simulator, faults: { server_error: 1 } }
      tenants:
        acme: {}
        slow: { rpm: 1 }
      models:
        plain:
          targets: [ { provider: sim, model: sim-echo } ]
          price: { input_per_mtok: 2.50, output_per_mtok: 10.00 }
        cached:
          targets: [ { provider: sim, model: sim-echo } ]
          price: { input_per_mtok: 2.50, output_per_mtok: 10.00 }
          cache: { mode: exact }
        guarded:
          targets: [ { provider: sim, model: sim-echo } ]
          price: { input_per_mtok: 2.50, output_per_mtok: 10.00 }
          guard: { input: { secrets: block } }
        failover:
          targets: [ { provider: broken, model: sim-echo }, { provider: sim, model: sim-lorem } ]
          price: { input_per_mtok: 1.00, output_per_mtok: 3.00 }
          retries: 0
        'we"ird\\one':
          targets: [ { provider: sim, model: sim-echo } ]
      """;

  @AutoClose
  private final RunningGateway gateway = Gateways.running(YAML, ADMIN_KEY, Clock.systemUTC());
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();
  private String acme;
  private String slow;

  @BeforeEach
  void createKeys() {
    acme = admin.newKey("{\"tenant\":\"acme\"}");
    slow = admin.newKey("{\"tenant\":\"slow\"}");
  }

  @Test
  void aBusyServersWholeScrapeFollowsTheExpositionRules() throws Exception {
    busyRun();
    PrometheusText metrics = PrometheusText.parse(http.get("/metrics", null).body());

    assertThat(metrics.labelValues("model")).as("configured aliases, and none for refusals: never a made-up name")
        .containsOnly("plain", "cached", "guarded", "failover", "we\"ird\\one", "none");
    assertThat(metrics.labelValues("tenant")).containsOnly("acme", "slow", "none");
    assertThat(metrics.sum("apprentice_requests_total", Map.of("model", "we\"ird\\one"))).isEqualTo(1);
    assertThat(metrics.sum("apprentice_requests_total", Map.of("model", "none", "status", "404"))).isEqualTo(1);
    assertThat(metrics.sum("apprentice_upstream_attempts_total", Map.of("outcome", "server_error"))).isEqualTo(1);
  }

  @Test
  void theTokenAndCostCountersEqualTheSumsOverTheStoredTracesOfTheSameCalls() throws Exception {
    busyRun();
    List<JsonNode> traces = admin.export();
    PrometheusText metrics = PrometheusText.parse(http.get("/metrics", null).body());

    double cost = traces.stream().mapToDouble(t -> t.path("cost_usd").asDouble()).sum();
    long output = traces.stream().mapToLong(t -> t.path("output_tokens").asLong()).sum();
    long input = traces.stream().mapToLong(t -> t.path("input_tokens").asLong()).sum();
    assertThat(metrics.sum("apprentice_cost_usd_total", Map.of())).isCloseTo(cost, within(1e-9));
    assertThat(metrics.sum("apprentice_tokens_total", Map.of("type", "output"))).isEqualTo(output);
    assertThat(metrics.sum("apprentice_tokens_total", Map.of("type", "input"))
        + metrics.sum("apprentice_tokens_total", Map.of("type", "cached_input"))).isEqualTo(input);
  }

  private void busyRun() throws Exception {
    assertThat(http.chat(acme, "plain", "hello there").statusCode()).isEqualTo(200);
    assertThat(http.post("/v1/chat/completions", acme, "{\"model\":\"plain\",\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"a stream\"}]}")
        .statusCode()).isEqualTo(200);
    assertThat(http.post("/v1/chat/completions", acme, "{\"model\":\"plain\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"a stream without usage\"}]}").statusCode()).isEqualTo(200);
    String cachedBody = "{\"model\":\"cached\",\"temperature\":0,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"again\"}]}";
    for (int i = 0; i < 100; i++) { // the cache keeps answers off the request path: asked until it has this one
      HttpResponse<String> r = http.post("/v1/chat/completions", acme, cachedBody);
      if (r.headers().firstValue("x-apprentice-cache").orElse("miss").equals("exact")) break;
      Thread.sleep(20);
    }
    assertThat(http.chat(acme, "guarded", "deploy with " + SECRET).statusCode()).isEqualTo(422);
    assertThat(http.chat(acme, "failover", "fail me over").statusCode()).isEqualTo(200);
    assertThat(http.chat(null, "plain", "no key").statusCode()).isEqualTo(401);
    assertThat(http.chat("ak-nope-nope", "plain", "bad key").statusCode()).isEqualTo(401);
    assertThat(http.chat(slow, "plain", "first").statusCode()).isEqualTo(200);
    assertThat(http.chat(slow, "plain", "second").statusCode()).isEqualTo(429);
    assertThat(http.chat(acme, "made-up \\\"model\\\\ \\n", "who").statusCode()).isEqualTo(404);
    assertThat(http.post("/v1/chat/completions", acme, "{not json").statusCode()).isEqualTo(400);
    assertThat(http.chat(acme, "we\\\"ird\\\\one", "a name a scrape must escape").statusCode()).isEqualTo(200);
  }
}
