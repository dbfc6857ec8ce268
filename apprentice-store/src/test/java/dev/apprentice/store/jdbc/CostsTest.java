package dev.apprentice.store.jdbc;

import static dev.apprentice.store.Traces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.store.CostQuery;
import dev.apprentice.store.CostQuery.GroupBy;
import dev.apprentice.store.CostRow;
import dev.apprentice.store.SpendRow;
import dev.apprentice.store.Store;
import dev.apprentice.store.TraceQuery;
import dev.apprentice.store.TraceStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostsTest {

  private static final int DAY = 86_400;
  private static final LocalDate MARCH_1 = LocalDate.parse("2026-03-01");
  private static final LocalDate MARCH_2 = LocalDate.parse("2026-03-02");

  @TempDir Path dir;
  private Store store;
  private TraceStore traces;

  @BeforeEach
  void open() {
    store = Store.open(url());
    traces = store.traces();
    // two batches, two UTC days, an anonymous caller, two tenants, two models
    traces.append(List.of(
        trace("a", 0).model("gpt").tenant("acme").key("k1").tokens(100, 10).cost(1.0).build(),
        trace("b", 60).model("claude").tenant("acme").key("k1").tokens(200, 20).cost(2.0).estimated().build(),
        trace("c", 120).model("gpt").tenant("default").tokens(1, 1).cost(0.5).build()));
    traces.append(List.of(
        trace("d", 600).model("gpt").tenant("acme").key("k1").tokens(100, 10).cost(1.0).build(),
        trace("e", DAY).model("gpt").tenant("acme").key("k2").tokens(50, 5).cost(4.0).build(),
        trace("f", DAY + 60).model("gpt").tenant("default").tokens(2, 2).cost(0.25).estimated().build()));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private String url() {
    return "jdbc:sqlite:" + dir.resolve("apprentice.db");
  }

  @Test
  void requestsRefusedBeforeAnyModelWasAskedAreNeitherCallsNorLedgerRows() throws Exception {
    traces.append(List.of(
        trace("r1", 30).model("no-such-model-1").refused(404, "model_not_found").build(),
        trace("r2", 40).model("no-such-model-2").tenant("unauthenticated").refused(401, "invalid_api_key").build(),
        trace("r3", 50).model("gpt").tenant("acme").key("k1").refused(429, "rate_limit_exceeded").build(),
        trace("u", 70).model("gpt").tenant("acme").key("k1").status(502).error("upstream_error").cost(0).build()));

    assertThat(traces.costs(new CostQuery(GroupBy.MODEL, null))).as("the upstream's failure was a call; refusals not")
        .containsExactly(new CostRow("gpt", 6, 263, 33, 6.75, 1), new CostRow("claude", 1, 200, 20, 2.0, 1));
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM spend_daily WHERE model LIKE 'no-such-model%'")) {
      assertThat(rs.getInt(1)).isZero();
    }
    assertThat(traces.find("r1")).as("the refusal itself is still traced").isPresent();
  }

  @Test
  void aCacheHitAGuardBlockedIsACallTheCacheAnsweredThoughNoTargetIsNamed() {
    traces.append(List.of(trace("h", 30).model("gpt").tenant("acme").key("k1").cache("exact")
        .refused(422, "content_blocked").build()));

    assertThat(traces.costs(new CostQuery(GroupBy.MODEL, null))).as("an entry kept without its maker: provider null")
        .containsExactly(new CostRow("gpt", 6, 253, 28, 6.75, 1), new CostRow("claude", 1, 200, 20, 2.0, 1));
  }

  @Test
  void costsByModelAreLargestFirst() {
    assertThat(traces.costs(new CostQuery(GroupBy.MODEL, null))).containsExactly(
        new CostRow("gpt", 5, 253, 28, 6.75, 1), new CostRow("claude", 1, 200, 20, 2.0, 1));
  }

  @Test
  void costsByTenant() {
    assertThat(traces.costs(new CostQuery(GroupBy.TENANT, null))).containsExactly(
        new CostRow("acme", 4, 450, 45, 8.0, 1), new CostRow("default", 2, 3, 3, 0.75, 1));
  }

  @Test
  void costsByKeyGroupAnonymousCalls() {
    assertThat(traces.costs(new CostQuery(GroupBy.KEY, null))).containsExactly(
        new CostRow("k1", 3, 400, 40, 4.0, 1), new CostRow("k2", 1, 50, 5, 4.0, 0),
        new CostRow("anonymous", 2, 3, 3, 0.75, 1));
  }

  @Test
  void theAnonymousGroupOfTheCostsByKeyIsAKeyFilterThatListsTheCallsMadeWithoutAKey() {
    String group = traces.costs(new CostQuery(GroupBy.KEY, null)).getLast().group();

    assertThat(traces.list(new TraceQuery(null, null, null, group, null, null)))
        .extracting(dev.apprentice.api.trace.TraceRecord::id).containsExactly("f", "c");
    assertThat(traces.list(new TraceQuery(null, null, null, "k2", null, null)))
        .extracting(dev.apprentice.api.trace.TraceRecord::id).containsExactly("e");
  }

  @Test
  void costsByDayAreInDayOrder() {
    assertThat(traces.costs(new CostQuery(GroupBy.DAY, null))).containsExactly(
        new CostRow("2026-03-01", 4, 401, 41, 4.5, 1), new CostRow("2026-03-02", 2, 52, 7, 4.25, 1));
  }

  @Test
  void costsSinceCountWholeUtcDaysFromTheDayOfSince() {
    CostQuery query = new CostQuery(GroupBy.MODEL, Instant.parse("2026-03-02T10:05:00Z"));

    assertThat(traces.costs(query)).containsExactly(new CostRow("gpt", 2, 52, 7, 4.25, 1));
    assertThat(query.from()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
    assertThat(traces.costs(new CostQuery(GroupBy.MODEL, Instant.parse("2026-03-03T00:00:00Z")))).isEmpty();
  }

  @Test
  void costsUntilCountWholeUtcDaysUpToTheDayOfUntilOrToUntilWhenItIsADaysStart() {
    CostQuery midDay = new CostQuery(GroupBy.DAY, null, Instant.parse("2026-03-01T10:05:00Z"));
    CostQuery dayStart = new CostQuery(GroupBy.DAY, null, Instant.parse("2026-03-02T00:00:00Z"));

    assertThat(traces.costs(midDay)).containsExactly(new CostRow("2026-03-01", 4, 401, 41, 4.5, 1));
    assertThat(midDay.to()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
    assertThat(traces.costs(dayStart)).as("the day that begins at until is left out")
        .containsExactly(new CostRow("2026-03-01", 4, 401, 41, 4.5, 1));
    assertThat(traces.costs(new CostQuery(GroupBy.DAY, Instant.parse("2026-03-02T08:00:00Z"),
        Instant.parse("2026-03-02T09:00:00Z")))).containsExactly(new CostRow("2026-03-02", 2, 52, 7, 4.25, 1));
    assertThat(traces.costs(new CostQuery(GroupBy.DAY, null, Instant.parse("2026-03-01T00:00:00Z")))).isEmpty();
  }

  @Test
  void costsUntilTheLastInstantAnyTimeCanNameEndAfterEveryDayRatherThanBeforeAll() {
    CostQuery query = new CostQuery(GroupBy.DAY, null, Instant.parse("9999-12-31T12:00:00Z"));

    assertThat(traces.costs(query)).as("a report ending the day after 9999-12-31, a five-digit year")
        .containsExactly(new CostRow("2026-03-01", 4, 401, 41, 4.5, 1), new CostRow("2026-03-02", 2, 52, 7, 4.25, 1));
  }

  @Test
  void costsOutliveTheDeletionOfTheirTraces() {
    List<CostRow> before = traces.costs(new CostQuery(GroupBy.DAY, null));

    assertThat(traces.deleteStartedBefore(Instant.parse("2026-03-03T00:00:00Z"))).isEqualTo(6);

    assertThat(traces.count()).isZero();
    assertThat(traces.costs(new CostQuery(GroupBy.DAY, null))).isEqualTo(before);
  }

  @Test
  void callsKeptOnlyAsSpendAreInTheCosts() {
    traces.appendSpendOnly(List.of(
        trace("g", 2 * DAY).model("gpt").tenant("acme").key("k1").tokens(10, 1).cost(3.0).estimated().build()));

    assertThat(traces.costs(new CostQuery(GroupBy.DAY, null))).last()
        .isEqualTo(new CostRow("2026-03-03", 1, 10, 1, 3.0, 1));
  }

  @Test
  void theSpendLedgerSumsBothBatchesPerDayTenantKeyAndModel() throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT day, tenant, key_id, model, calls, input_tokens, output_tokens, cost_usd "
            + "FROM spend_daily ORDER BY day, tenant, key_id, model")) {
      while (rs.next()) {
        rows.add(String.join("|", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7), String.valueOf(rs.getDouble(8))));
      }
    }

    assertThat(rows).containsExactly(
        "2026-03-01|acme|k1|claude|1|200|20|2.0",
        "2026-03-01|acme|k1|gpt|2|200|20|2.0",
        "2026-03-01|default||gpt|1|1|1|0.5",
        "2026-03-02|acme|k2|gpt|1|50|5|4.0",
        "2026-03-02|default||gpt|1|2|2|0.25");
  }

  @Test
  void spendSinceSumsModelsPerDayTenantAndKeyWithNullForAnonymous() {
    List<SpendRow> all = traces.spendSince(Instant.parse("2026-01-01T00:00:00Z"));

    assertThat(all).extracting(SpendRow::day, SpendRow::tenant, SpendRow::keyId).containsExactly(
        tuple(MARCH_1, "acme", "k1"),
        tuple(MARCH_1, "default", null),
        tuple(MARCH_2, "acme", "k2"),
        tuple(MARCH_2, "default", null));
    assertThat(all.get(0).costUsd()).isCloseTo(4.0, within(1e-9));
    assertThat(all.get(3).costUsd()).isCloseTo(0.25, within(1e-9));
  }

  @Test
  void spendSinceStartsAtTheUtcDayOfSince() {
    List<SpendRow> fromMarch2 = traces.spendSince(Instant.parse("2026-03-02T23:59:00Z"));

    assertThat(fromMarch2).extracting(SpendRow::day).containsOnly(MARCH_2);
    assertThat(fromMarch2).hasSize(2);
    assertThat(traces.spendSince(Instant.parse("2026-03-03T00:00:00Z"))).isEmpty();
  }
}
