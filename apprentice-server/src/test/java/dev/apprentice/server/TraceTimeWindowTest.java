package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.ManualClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@code since} and {@code until} of the trace queries: a window whose {@code until} is not later than its
 * {@code since} (swapped ends, or one day given as both) holds no call, so it is a 400 naming {@code until} rather
 * than an empty answer that reads as "no calls then". Cost reports take {@code until} too, in whole UTC days.
 */
class TraceTimeWindowTest {

  private static final String ADMIN_KEY = "admin-key-for-trace-window-tests";

  private final ManualClock clock = new ManualClock("2026-11-23T10:00:00Z");
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        alpha:
          targets: [ { provider: sim, model: sim-echo } ]
      """, ADMIN_KEY, clock);
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();

  @Test
  void aWindowFromOneDayToTheNextListsAndExportsTheCallsOfThatDay() {
    String monday = call();
    clock.advance(Duration.ofDays(1));
    call();

    assertThat(ids(admin.traces("since=2026-11-23&until=2026-11-24"))).containsExactly(monday);
    assertThat(admin.get("/admin/traces/export?since=2026-11-23&until=2026-11-24").body()).contains(monday);
  }

  @Test
  void swappedEndsAre400NamingUntilOnListExportAndFromTraces() {
    call();

    for (String route : List.of("/admin/traces", "/admin/traces/export")) {
      JsonNode error = assertError(admin.get(route + "?since=2026-11-24&until=2026-11-23"), 400,
          "invalid_request_error", null, "until");
      assertThat(error.path("message").asText()).as(route)
          .isEqualTo("until (2026-11-23T00:00:00Z) must be later than since (2026-11-24T00:00:00Z): calls are taken "
              + "from since up to, not including, until, so a whole day D is since D until D+1");
    }
    assertError(http.post("/admin/datasets/window/from-traces", ADMIN_KEY, "{\"since\":\"1h\",\"until\":\"2h\"}"), 400,
        "invalid_request_error", null, "until");
  }

  @Test
  void theSameDayOrTheSameSpanAsBothEndsIs400NamingUntil() {
    call();

    assertError(admin.get("/admin/traces?since=2026-11-23&until=2026-11-23"), 400, "invalid_request_error", null,
        "until");
    assertError(admin.get("/admin/traces?since=1h&until=1h"), 400, "invalid_request_error", null, "until");
    assertError(http.post("/admin/datasets/window/from-traces", ADMIN_KEY, "{\"since\":\"1h\",\"until\":\"1h\"}"), 400,
        "invalid_request_error", null, "until");
  }

  @Test
  void costsUntilADayEndBeforeThatDayAndSayWhereTheReportEnds() {
    call();
    clock.advance(Duration.ofDays(1));
    call();
    call();

    JsonNode monday = admin.costs("group_by=day&until=2026-11-24");
    assertThat(days(monday)).containsExactly("2026-11-23");
    assertThat(monday.path("until").asText()).isEqualTo("2026-11-24T00:00:00Z");
    JsonNode tuesday = admin.costs("group_by=day&since=2026-11-24&until=1h");
    assertThat(days(tuesday)).containsExactly("2026-11-24");
    assertThat(tuesday.path("data").get(0).path("calls").asLong()).isEqualTo(2);
    assertThat(tuesday.path("until").asText()).as("whole days: to the end of the day until falls in")
        .isEqualTo("2026-11-25T00:00:00Z");
    assertThat(admin.costs("group_by=day").has("until")).isFalse();
    assertError(admin.get("/admin/costs?since=2026-11-24&until=2026-11-23"), 400, "invalid_request_error", null,
        "until");
    assertError(admin.get("/admin/costs?until=soon"), 400, "invalid_request_error", null, "until");
  }

  private static List<String> days(JsonNode costs) {
    return AdminClient.list(costs.path("data")).stream().map(row -> row.path("group").asText()).toList();
  }

  private String call() {
    HttpResponse<String> response = http.chat(null, "alpha", "one two");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue("x-apprentice-trace-id").orElseThrow();
  }

  private static List<String> ids(List<JsonNode> traces) {
    return traces.stream().map(t -> t.path("id").asText()).toList();
  }
}
