package dev.apprentice.store.jdbc;

import static dev.apprentice.store.Traces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.api.trace.SkippedTarget;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.api.retrieval.LeftOutChunk;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.store.Store;
import dev.apprentice.store.TracePage;
import dev.apprentice.store.TraceQuery;
import dev.apprentice.store.TraceStore;
import dev.apprentice.store.Traces;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcTraceStoreTest {

  @TempDir Path dir;
  private Store store;
  private TraceStore traces;

  @BeforeEach
  void open() {
    store = Store.open("jdbc:sqlite:" + dir.resolve("apprentice.db"));
    traces = store.traces();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aTraceRoundTripsWithEveryField() {
    Map<String, Object> metadata = Map.of("team", "search", "n", 3, "ratio", 0.25, "flag", true,
        "nested", Map.of("list", List.of(1, "two", Map.of("deep", false)), "empty", Map.of()));
    TraceRecord full = new TraceRecord("t-full", Instant.parse("2026-03-01T10:15:30.123Z"), "acme", "k1", "gpt",
        "anthropic", "claude-x", "claude-x-2026", "fp_1", true, 200, null, null, new Tokens(100, 40, 30, 20, 10),
        true, 0.0123, 812.5, 95.25, 2.75, "semantic", "user-7", List.of("prod", "batch"), metadata,
        "{\"model\":\"gpt\"}", "{\"choices\":[]}",
        List.of(new AttemptRecord(0, "openai", "gpt-4o", 300.5, "rate_limited", 429, "slow down"),
            new AttemptRecord(1, "anthropic", "claude-x", 500.0, "ok", 200, null)),
        TraceDetails.NONE.withCache(0.9412, 0.0456).withRetrieved(List.of(
            new RetrievedChunk("handbook", "cards.md", "cards.md#0", "Reset a PIN under Cards.", 0.82),
            new RetrievedChunk("handbook", "fees.md", "fees.md#3", "Fees abroad: 2%.", 0.41)))
            .withPrompt("support-triage@3").withTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));

    traces.append(List.of(full));

    assertThat(traces.find("t-full")).contains(full);
  }

  @Test
  void guardrailVerdictsRoundTripWithTheirFindingCountsByType() {
    TraceDetails guarded = TraceDetails.NONE.withVerdicts(List.of(
        new GuardVerdict("input", "pii", 0.95, "redact", Map.of("EMAIL_ADDRESS", 2, "PHONE_NUMBER", 1), 87),
        new GuardVerdict("input", "secrets", 0, "pass", Map.of(), 12),
        new GuardVerdict("output", "json_schema", 1, "flag", Map.of("SCHEMA_VIOLATION", 1), 240)));
    TraceRecord t = new TraceRecord("t-guard", Instant.parse("2026-03-01T10:00:00Z"), "default", null, "gpt",
        "openai", "gpt-4o", null, null, false, 200, null, null, Tokens.NONE, false, 0, 10, null, 0, "miss", null,
        null, null, null, null, null, guarded);

    traces.append(List.of(t));

    TraceRecord found = traces.find("t-guard").orElseThrow();
    assertThat(found).isEqualTo(t);
    assertThat(found.details().verdicts().getFirst().findingCount()).isEqualTo(3);
  }

  @Test
  void theTargetsACallPassedOverRoundTripWithTheirReasons() {
    TraceDetails fellBack = TraceDetails.NONE.withSkipped(List.of(
        new SkippedTarget("claude", "claude-sonnet-4-5", SkippedTarget.UNSUPPORTED, "n above 1 is not supported"),
        new SkippedTarget("azure", "gpt-4o", SkippedTarget.CIRCUIT_OPEN, null)));
    TraceRecord t = new TraceRecord("t-skipped", Instant.parse("2026-03-01T10:00:00Z"), "default", null, "gpt",
        "openai", "gpt-4o", null, null, false, 200, null, null, Tokens.NONE, false, 0, 10, null, 0, "miss", null,
        null, null, null, null, null, fellBack);

    traces.append(List.of(t));

    assertThat(traces.find("t-skipped")).contains(t);
  }

  @Test
  void aRetrievalSkippedForWantOfAQueryRoundTrips() {
    TraceDetails unsearched = TraceDetails.NONE.withRetrievalSkipped(TraceDetails.NO_QUERY);
    TraceRecord t = new TraceRecord("t-no-query", Instant.parse("2026-03-01T10:00:00Z"), "default", null, "docs-bot",
        "openai", "gpt-4o", null, null, false, 200, null, null, Tokens.NONE, false, 0, 10, null, 0, "miss", null,
        null, null, null, null, null, unsearched);

    traces.append(List.of(t));

    assertThat(traces.find("t-no-query")).contains(t);
    assertThat(traces.find("t-no-query").orElseThrow().details().retrievalSkipped()).isEqualTo(TraceDetails.NO_QUERY);
  }

  @Test
  void howLongARetrievingModelsSearchTookRoundTrips() {
    TraceDetails searched = TraceDetails.NONE.withRetrieved(List.of()).withRetrievalMs(7.25);
    TraceRecord t = new TraceRecord("t-searched", Instant.parse("2026-03-01T10:00:00Z"), "default", null, "docs-bot",
        "openai", "gpt-4o", null, null, false, 200, null, null, Tokens.NONE, false, 0, 10, null, 0, "miss", null,
        null, null, null, null, null, searched);

    traces.append(List.of(t));

    assertThat(traces.find("t-searched")).contains(t);
    assertThat(traces.find("t-searched").orElseThrow().details().retrievalMs()).isEqualTo(7.25);
  }

  @Test
  void theChunksARetrievingModelsSearchLeftOutOfThePromptRoundTripWithWhy() {
    TraceDetails searched = TraceDetails.NONE.withRetrieved(List.of(
            new RetrievedChunk("kb", "refunds.md", "refunds.md#0", "Refunds take 14 days.", 0.9)))
        .withLeftOut(List.of(new LeftOutChunk("eu/refunds.md", "eu/refunds.md#0", 0.9, LeftOutChunk.DUPLICATE,
                "refunds.md#0"),
            new LeftOutChunk("fees.md", "fees.md#4", 0.4, LeftOutChunk.CONTEXT_BUDGET, null)));
    TraceRecord t = new TraceRecord("t-left-out", Instant.parse("2026-03-01T10:00:00Z"), "default", null, "docs-bot",
        "openai", "gpt-4o", null, null, false, 200, null, null, Tokens.NONE, false, 0, 10, null, 0, "miss", null,
        null, null, null, null, null, searched);

    traces.append(List.of(t));

    assertThat(traces.find("t-left-out")).contains(t);
    assertThat(traces.find("t-left-out").orElseThrow().details().leftOut()).hasSize(2);
  }

  @Test
  void whyTheSemanticCacheTierWasLeftOutRoundTrips() {
    TraceDetails exactOnly = TraceDetails.NONE.withSemanticSkipped(TraceDetails.PII_IN_PROMPT);
    TraceRecord t = new TraceRecord("t-private", Instant.parse("2026-03-01T10:00:00Z"), "bank", null, "support",
        "openai", "gpt-4o", null, null, false, 200, null, null, Tokens.NONE, false, 0, 10, null, 0, "miss", null,
        null, null, null, null, null, exactOnly);

    traces.append(List.of(t));

    assertThat(traces.find("t-private")).contains(t);
    assertThat(traces.find("t-private").orElseThrow().details().semanticSkipped())
        .isEqualTo(TraceDetails.PII_IN_PROMPT);
  }

  @Test
  void whatEachAttemptIsBookedAtRoundTripsWithItsEstimateMark() {
    TraceRecord t = new TraceRecord("t-booked", Instant.parse("2026-03-01T10:00:00Z"), "acme", "k1", "smart",
        "anthropic", "claude-x", null, null, false, 200, null, null, new Tokens(1_260, 40, 0, 0, 0), true, 0.00337,
        30_010, null, 1, "miss", null, null, null, null, null,
        List.of(new AttemptRecord(0, "openai", "gpt-4o", 30_000, "timeout", 0, "no answer within 30000 ms", 1_250, 0,
                0.003125, true),
            new AttemptRecord(1, "anthropic", "claude-x", 10, "ok", 0, null, 10, 40, 0.00025, false)));

    traces.append(List.of(t));

    TraceRecord found = traces.find("t-booked").orElseThrow();
    assertThat(found).isEqualTo(t);
    assertThat(found.attempts().getFirst().costEstimated()).isTrue();
    assertThat(traces.list(TraceQuery.all()).getFirst().attempts())
        .extracting(AttemptRecord::costUsd).containsExactly(0.003125, 0.00025);
  }

  @Test
  void whenEachAttemptBeganAfterItsCallsStartRoundTrips() {
    TraceRecord t = new TraceRecord("t-timed", Instant.parse("2026-03-01T10:00:00Z"), "acme", "k1", "smart",
        "openai", "gpt-4o", null, null, false, 200, null, null, new Tokens(10, 40, 0, 0, 0), false, 0.00025,
        1_400, null, 1, "miss", null, null, null, null, null,
        List.of(new AttemptRecord(0, "openai", "gpt-4o", 120, "rate_limited", 429, "slow down", 0, 0, 0, false, 35.5),
            new AttemptRecord(1, "openai", "gpt-4o", 200, "ok", 200, null, 10, 40, 0.00025, false, 1_155.25)));

    traces.append(List.of(t));

    assertThat(traces.find("t-timed")).contains(t);
    assertThat(traces.list(TraceQuery.all()).getFirst().attempts())
        .extracting(AttemptRecord::startedMs).containsExactly(35.5, 1_155.25);
  }

  @Test
  void aTraceWithEveryOptionalFieldNullRoundTrips() {
    TraceRecord sparse = new TraceRecord("t-sparse", Instant.parse("2026-03-01T10:00:00Z"), "default", null, "gpt",
        null, null, null, null, false, 499, "client_disconnected", "client left", Tokens.NONE, false, 0, 10, null,
        0, null, null, null, null, null, null, null);

    traces.append(List.of(sparse));

    assertThat(traces.find("t-sparse")).contains(sparse);
    assertThat(traces.find("missing")).isEmpty();
  }

  @Test
  void listIsNewestFirstWithAttemptsButWithoutBodies() {
    traces.append(List.of(trace("old", 1).bodies("{}", "{}").build(), trace("new", 3).bodies("{}", "{}").build(),
        trace("mid", 2).attempts().build()));

    List<TraceRecord> listed = traces.list(TraceQuery.all());

    assertThat(listed).extracting(TraceRecord::id).containsExactly("new", "mid", "old");
    assertThat(listed).allSatisfy(t -> {
      assertThat(t.request()).isNull();
      assertThat(t.response()).isNull();
    });
    assertThat(listed.get(0).attempts()).hasSize(1).first().extracting(AttemptRecord::provider).isEqualTo("openai");
    assertThat(listed.get(1).attempts()).isEmpty();
  }

  @Test
  void listFiltersByModelTenantKeySinceAndStatus() {
    traces.append(List.of(
        trace("a", 1).model("gpt").tenant("acme").key("k1").build(),
        trace("b", 2).model("claude").tenant("acme").key("k2").status(429).error("rate_limited").build(),
        trace("c", 3).model("gpt").tenant("other").build(),
        trace("d", 4).model("gpt").tenant("acme").key("k1").error("stream_error").build()));

    assertThat(ids(query(null, "gpt", null, null, null, null))).containsExactly("d", "c", "a");
    assertThat(ids(query(null, null, "acme", null, null, null))).containsExactly("d", "b", "a");
    assertThat(ids(query(null, null, null, "k1", null, null))).containsExactly("d", "a");
    assertThat(ids(query(null, null, null, null, Traces.DAY_ONE.plusSeconds(3), null))).containsExactly("d", "c");
    assertThat(ids(query(null, null, null, null, null, "ok"))).containsExactly("c", "a");
    assertThat(ids(query(null, null, null, null, null, "error"))).containsExactly("d", "b");
    assertThat(ids(query(null, null, null, null, null, "429"))).containsExactly("b");
    assertThat(ids(query(null, "gpt", "acme", "k1", null, "ok"))).containsExactly("a");
  }

  @Test
  void anUnknownStatusFilterOrANonPositiveLimitIsRefused() {
    assertThatThrownBy(() -> traces.list(query(null, null, null, null, null, "fine")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fine");
    assertThatThrownBy(() -> traces.list(query(0, null, null, null, null, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
  }

  @Test
  void listLimitDefaultsToFiftyAndIsCappedAtOneThousand() {
    traces.append(IntStream.range(0, 1005).mapToObj(i -> trace("t" + i, i).build()).toList());

    assertThat(traces.list(TraceQuery.all())).hasSize(50).first().extracting(TraceRecord::id).isEqualTo("t1004");
    assertThat(traces.list(query(3, null, null, null, null, null))).extracting(TraceRecord::id)
        .containsExactly("t1004", "t1003", "t1002");
    assertThat(traces.list(query(5000, null, null, null, null, null))).hasSize(1000);
  }

  @Test
  void aPageSaysWhetherMoreFollowAlsoAtTheLargestLimitAndWhenItIsExactlyFull() {
    traces.append(IntStream.range(0, 1005).mapToObj(i -> trace("t" + i, i).build()).toList());

    TracePage first = traces.page(query(5000, null, null, null, null, null));
    assertThat(first.traces()).hasSize(1000).last().extracting(TraceRecord::id).isEqualTo("t5");
    assertThat(first.hasMore()).isTrue();
    assertThat(first.next()).isEqualTo("t5");

    TracePage last = traces.page(new TraceQuery(5, null, null, null, null, null, null, null, null, null, first.next()));
    assertThat(last.traces()).extracting(TraceRecord::id).containsExactly("t4", "t3", "t2", "t1", "t0");
    assertThat(last.hasMore()).as("a page exactly as long as its limit that ends the list").isFalse();
    assertThat(last.next()).isNull();
    assertThat(traces.page(query(1004, null, null, null, null, null)).hasMore()).isTrue();
  }

  @Test
  void exportStreamsEveryMatchingTraceOldestFirstWithBodiesAndAttempts() {
    traces.append(IntStream.range(0, 1203).mapToObj(i -> trace(String.format("t%04d", i), 1203 - i)
        .model(i % 3 == 0 ? "claude" : "gpt").bodies("{\"i\":" + i + "}", "{}").build()).toList());
    List<TraceRecord> seen = new ArrayList<>();

    traces.export(TraceQuery.all(), seen::add);

    assertThat(seen).hasSize(1203);
    assertThat(seen.getFirst().id()).isEqualTo("t1202");
    assertThat(seen.getLast().id()).isEqualTo("t0000");
    assertThat(seen).isSortedAccordingTo((x, y) -> x.startedAt().compareTo(y.startedAt()));
    assertThat(seen).allSatisfy(t -> {
      assertThat(t.request()).startsWith("{\"i\":");
      assertThat(t.attempts()).hasSize(1);
    });
    List<TraceRecord> claude = new ArrayList<>();
    traces.export(query(null, "claude", null, null, null, null), claude::add);
    assertThat(claude).hasSize(401).allSatisfy(t -> assertThat(t.model()).isEqualTo("claude"));
  }

  @Test
  void appendingAStoredIdAgainKeepsTheFirstAndCountsItsSpendOnce() {
    traces.append(List.of(trace("t1", 0).cost(1.0).build()));
    traces.append(List.of(trace("t1", 0).cost(5.0).build(), trace("t2", 1).cost(2.0).build()));

    assertThat(traces.count()).isEqualTo(2);
    assertThat(traces.find("t1")).get().extracting(TraceRecord::costUsd).isEqualTo(1.0);
    assertThat(traces.spendSince(Traces.DAY_ONE)).singleElement()
        .satisfies(row -> assertThat(row.costUsd()).isEqualTo(3.0));
  }

  @Test
  void tracesStartedBeforeTheCutoffAreDeletedInBatchesWithTheirAttemptsWhileTheSpendLedgerIsKept() throws Exception {
    int old = TraceRetention.BATCH * 2 + 500;
    List<TraceRecord> batch = new ArrayList<>();
    for (int i = 0; i < old; i++) batch.add(trace("old-" + i, i).cost(0.5).build());
    batch.add(trace("cutoff", old).build());
    batch.add(trace("new", old + 60).build());
    traces.append(batch);
    double spendBefore = traces.spendSince(null).stream().mapToDouble(row -> row.costUsd()).sum();

    long deleted = traces.deleteStartedBefore(Traces.DAY_ONE.plusSeconds(old));

    assertThat(deleted).isEqualTo(old);
    assertThat(traces.count()).isEqualTo(2);
    assertThat(traces.find("old-0")).isEmpty();
    assertThat(traces.find("cutoff")).as("a trace started at the cutoff is kept").isPresent();
    assertThat(attemptRows()).as("attempts go with their traces").isEqualTo(2);
    assertThat(traces.spendSince(null).stream().mapToDouble(row -> row.costUsd()).sum()).isEqualTo(spendBefore);
    assertThat(traces.deleteStartedBefore(Traces.DAY_ONE.plusSeconds(old))).as("nothing left to delete").isZero();
  }

  private long attemptRows() throws Exception {
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("apprentice.db"));
        var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM attempts")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void anEmptyBatchWritesNothing() {
    traces.append(List.of());

    assertThat(traces.count()).isZero();
  }

  private static TraceQuery query(Integer limit, String model, String tenant, String key, Instant since, String status) {
    return new TraceQuery(limit, model, tenant, key, since, status);
  }

  private List<String> ids(TraceQuery query) {
    return traces.list(query).stream().map(TraceRecord::id).toList();
  }
}
