package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@code apprentice_cache_lookups_total} counts the lookups the cache made, as {@code /admin/cache} does: a call the
 * cache leaves alone ({@code Cache-Control: no-store} or {@code no-cache}, a request whose answer is not meant to
 * repeat, a model that does not cache) still answers {@code x-apprentice-cache: miss}, but is no lookup.
 */
class CacheLookupsCountedAsTheCacheCountsThemTest {

  private static final String YAML = """
      providers:
        sim: { type: simulator }
      models:
        kept:
          targets: [ { provider: sim, model: sim-echo } ]
          cache: { mode: exact }
        never:
          targets: [ { provider: sim, model: sim-echo } ]
          cache: { mode: off }
      """;

  @AutoClose
  private final RunningGateway gateway = Gateways.running(YAML, TempDirs.create(), Map.of(), Gateways.ADMIN_KEY,
      Clock.systemUTC(), null);

  private HttpResponse<String> ask(String model, String temperature, String... headers) {
    String json = "{\"model\":\"" + model + "\",\"temperature\":" + temperature
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"where is my card?\"}]}";
    KeyedHttp http = gateway.http();
    return headers.length == 0 ? http.post("/v1/chat/completions", null, json)
        : http.post("/v1/chat/completions", null, json, headers);
  }

  private double lookups(String result) {
    return PrometheusText.parse(gateway.http().get("/metrics", null).body())
        .sum("apprentice_cache_lookups_total", Map.of("result", result));
  }

  @Test
  void callsTheCacheLeavesAloneAreMissesToTheirClientButNoLookupInTheMetricsOrTheAdminApi() {
    assertThat(ask("kept", "0").headers().firstValue("x-apprentice-cache")).hasValue("miss");
    gateway.admin().awaitCacheEntries(1);
    assertThat(ask("kept", "0").headers().firstValue("x-apprentice-cache")).hasValue("exact");

    for (HttpResponse<String> bypassed : List.of(ask("kept", "0", "Cache-Control", "no-store"),
        ask("kept", "0", "Cache-Control", "no-cache"), ask("kept", "0.7"), ask("never", "0"))) {
      assertThat(bypassed.statusCode()).isEqualTo(200);
      assertThat(bypassed.headers().firstValue("x-apprentice-cache")).as("the header's contract").hasValue("miss");
    }

    JsonNode stats = gateway.admin().cache();
    assertThat(stats.path("misses").asLong()).isEqualTo(1);
    assertThat(stats.path("exact_hits").asLong()).isEqualTo(1);
    assertThat(lookups("miss")).as("misses, as /admin/cache counts them").isEqualTo(1.0);
    assertThat(lookups("exact")).isEqualTo(1.0);
  }
}
