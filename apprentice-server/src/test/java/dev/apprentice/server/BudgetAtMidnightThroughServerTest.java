package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.GatedProvider;
import dev.apprentice.testing.ManualClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Calls still running at midnight UTC (here also the end of a month) belong to the day they started in: the live
 * budgets, the daily ledger ({@code costs --by day}) and the budgets reloaded after a restart all say the same.
 */
class BudgetAtMidnightThroughServerTest {

  private static final String ADMIN_KEY = "admin-key-for-midnight-tests";
  /** Output at $0.001 a token, input free: a call reserves $0.01 (max_tokens 10) and costs $0.003 (three tokens). */
  private static final String YAML = """
      providers:
        sim: { type: simulator }
        gated: { type: simulator }   # replaced by the test's gated provider
      models:
        m:
          targets: [ { provider: sim, model: sim-echo } ]
          price: { input_per_mtok: 0, output_per_mtok: 1000 }
        held:
          targets: [ { provider: gated, model: gated-model } ]
          price: { input_per_mtok: 0, output_per_mtok: 1000 }
      """;
  private static final String CALL =
      "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}";
  private static final String HELD_CALL = CALL.replace("\"m\"", "\"held\"");

  private final ManualClock clock = new ManualClock("2026-01-31T23:59:50Z");
  private final Path dataDir = TempDirs.create();
  private final GatedProvider gated = new GatedProvider("gated", "one two three", 5, 3);
  /** Started by the test, and again on the same data directory. */
  @AutoClose
  private RunningGateway gateway;

  /** Lets the held calls go before the server is closed. */
  @AfterEach
  void openTheGate() {
    gated.close();
  }

  private void start() {
    gateway = Gateways.running(YAML, dataDir, Map.of("gated", gated), ADMIN_KEY, clock, null);
  }

  /** Calls {@code m} until the budget refuses one; returns how many were served. */
  private static int servedUntilRefused(KeyedHttp http, String key) {
    for (int served = 0; served < 20; served++) {
      HttpResponse<String> response = http.post("/v1/chat/completions", key, CALL);
      if (response.statusCode() != 200) {
        assertError(response, 429, "rate_limit_error", "budget_exceeded", null);
        return served;
      }
    }
    throw new AssertionError("never refused");
  }

  @Test
  void callsRunningAtMidnightAreChargedToTheOldDayAndTheNewDayGetsItsWholeBudget() throws Exception {
    start();
    AdminClient admin = gateway.admin();
    KeyedHttp http = gateway.http();
    JsonNode created = admin.createKey("{\"tenant\":\"acme\",\"budget_usd_per_day\":0.02}");
    String key = created.path("key").asText();

    List<HttpResponse<String>> lastNight = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<HttpResponse<String>>> running = new ArrayList<>();
      for (int i = 0; i < 2; i++) running.add(pool.submit(() -> http.post("/v1/chat/completions", key, HELD_CALL)));
      gated.awaitArrivals(2);
      assertError(http.post("/v1/chat/completions", key, CALL), 429, "rate_limit_error", "budget_exceeded", null);

      clock.set("2026-02-01T00:00:05Z");
      gated.open();
      for (Future<HttpResponse<String>> call : running) lastNight.add(call.get(30, TimeUnit.SECONDS));
    }

    assertThat(lastNight).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    // the new day's $0.02 covers four calls of $0.003 each reserving $0.01, whatever the old day's calls cost
    assertThat(servedUntilRefused(http, key)).isEqualTo(4);
    assertThat(costsByDay(admin)).containsExactly(Map.entry("2026-01-31", 0.006), Map.entry("2026-02-01", 0.012));

    gateway.close();
    start();
    HttpResponse<String> afterRestart = gateway.http().post("/v1/chat/completions", key, CALL);
    JsonNode error = assertError(afterRestart, 429, "rate_limit_error", "budget_exceeded", null);
    assertThat(error.path("message").asText()).contains("$0.012 is spent");
  }

  /** {@code /admin/costs?group_by=day} as day to cost, rounded to the tenth of a cent. */
  private static List<Map.Entry<String, Double>> costsByDay(AdminClient admin) {
    List<Map.Entry<String, Double>> days = new ArrayList<>();
    for (JsonNode row : admin.costs("group_by=day&since=2026-01-01").path("data")) {
      days.add(Map.entry(row.path("group").asText(), Math.round(row.path("cost_usd").asDouble() * 1000) / 1000.0));
    }
    days.sort(Map.Entry.comparingByKey());
    return days;
  }
}
