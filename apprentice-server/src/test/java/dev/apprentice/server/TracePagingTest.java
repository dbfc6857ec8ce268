package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.ManualClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /admin/traces?after=ID}: a script walks every trace a page at a time, newest first, each once, also when
 * many calls started in the same millisecond (the clock here stands still between calls).
 */
class TracePagingTest {

  private static final String ADMIN_KEY = "admin-key-for-trace-paging-tests";

  private final ManualClock clock = new ManualClock("2026-11-24T06:00:00Z");
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        alpha:
          targets: [ { provider: sim, model: sim-echo } ]
        beta:
          targets: [ { provider: sim, model: sim-echo } ]
      """, ADMIN_KEY, clock);
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();

  @Test
  void pagingAfterTheLastIdOfEachPageWalksEveryTraceOnceInListOrderThroughTiesInStartTime() {
    List<String> made = new ArrayList<>();
    for (int group : new int[] {3, 4, 2}) {
      for (int i = 0; i < group; i++) made.add(call(i % 2 == 0 ? "alpha" : "beta"));
      clock.advance(Duration.ofSeconds(1));
    }
    List<String> all = ids(admin.traces("limit=1000"));
    assertThat(all).containsExactlyInAnyOrderElementsOf(made);

    assertThat(walk("limit=2")).as("pages of 2 after each page's last id").containsExactlyElementsOf(all);
    assertThat(walk("limit=3&model=beta")).as("a filter applies on every page")
        .containsExactlyElementsOf(ids(admin.traces("limit=1000&model=beta")));
    assertThat(ids(admin.traces("limit=1000&after=" + all.getLast()))).as("nothing after the oldest").isEmpty();
  }

  @Test
  void aCursorThatNamesNoTraceIs400NamingAfter() {
    call("alpha");

    JsonNode error = assertError(admin.get("/admin/traces?after=tr_000000000000000000000000"), 400,
        "invalid_request_error", null, "after");
    assertThat(error.path("message").asText()).contains("tr_000000000000000000000000");
    assertError(admin.get("/admin/traces/export?after=x"), 400, "invalid_request_error", null, "after");
  }

  @Test
  void hasMoreIsTrueUntilTheLastPageAlsoWhenTheLastPageIsExactlyFull() {
    for (int i = 0; i < 4; i++) call("alpha");

    JsonNode first = admin.tracePage("limit=2");
    assertThat(first.path("has_more").isBoolean()).as(first.toString()).isTrue();
    assertThat(first.path("has_more").asBoolean()).isTrue();
    JsonNode last = admin.tracePage("limit=2&after=" + first.path("data").get(1).path("id").asText());
    assertThat(last.path("data")).hasSize(2);
    assertThat(last.path("has_more").asBoolean()).as("no empty page is needed to see the end").isFalse();
    assertThat(admin.tracePage("limit=5").path("has_more").asBoolean()).isFalse();
    assertThat(admin.tracePage("limit=3&model=beta").path("has_more").asBoolean()).as("nothing matches").isFalse();
  }

  /** Every trace the query lists, a page at a time, each page after the last id of the one before, until has_more. */
  private List<String> walk(String query) {
    List<String> seen = new ArrayList<>();
    String after = null;
    for (int pages = 0; pages < 20; pages++) {
      JsonNode page = admin.tracePage(query + (after == null ? "" : "&after=" + after));
      List<String> ids = ids(AdminClient.list(page.path("data")));
      seen.addAll(ids);
      if (!page.path("has_more").asBoolean()) return seen;
      assertThat(ids).as("a page with more after it is not empty").isNotEmpty();
      after = ids.getLast();
    }
    throw new AssertionError("paging did not end: " + seen);
  }

  private String call(String model) {
    HttpResponse<String> response = http.chat(null, model, "one two");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue("x-apprentice-trace-id").orElseThrow();
  }

  private static List<String> ids(List<JsonNode> traces) {
    return traces.stream().map(t -> t.path("id").asText()).toList();
  }
}
