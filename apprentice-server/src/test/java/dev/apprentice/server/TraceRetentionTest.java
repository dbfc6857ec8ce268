package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.store.CostQuery;
import dev.apprentice.store.CostRow;
import dev.apprentice.store.Store;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@code traces.retention_days}: a server deletes the traces older than that at start (and every hour), keeps the
 * newer ones and the day's spend, and counts what it deleted in {@code /metrics}; without the setting nothing is
 * deleted.
 */
class TraceRetentionTest {

  private static final String YAML = """
      providers:
        sim: { type: simulator }
      models:
        m: { targets: [ { provider: sim, model: sim-echo } ] }
      """;

  private final Path dataDir = TempDirs.create();
  /** Started by each test once it has stored its traces. */
  @AutoClose
  private RunningGateway gateway;

  @Test
  void tracesOlderThanTheRetentionAreDeletedAtStartAndNewerOnesAreKept() throws Exception {
    Instant now = Instant.now();
    storeTraces(trace("older-1", now.minus(Duration.ofDays(45))), trace("older-2", now.minus(Duration.ofDays(31))),
        trace("newer", now.minus(Duration.ofDays(29))));

    gateway = Gateways.running(YAML + "traces: { retention_days: 30 }\n", dataDir, null, Clock.systemUTC());
    ApprenticeServer server = gateway.server();
    HttpResponse<String> call = gateway.http().post("/v1/chat/completions", null,
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");

    assertThat(call.statusCode()).isEqualTo(200);
    assertThat(eventually(() -> server.store().traces().find("older-1").isEmpty())).isTrue();
    assertThat(server.store().traces().find("older-2")).isEmpty();
    assertThat(server.store().traces().find("newer")).isPresent();
    server.accounting().writer().flush();
    assertThat(server.store().traces().count()).as("the newer trace and the call just made").isEqualTo(2);
    // the pruner counts a batch once its transaction returns, a moment after the rows are gone
    assertThat(eventually(() -> gateway.http().get("/metrics", null).body()
        .contains("apprentice_traces_deleted_total 2.0"))).as("the deletions are counted").isTrue();
    assertThat(server.store().traces().costs(new CostQuery(CostQuery.GroupBy.MODEL, null)))
        .as("spend outlives its traces: the three stored and the call just made").extracting(CostRow::calls)
        .containsExactly(4L);
  }

  @Test
  void withoutARetentionNothingIsDeleted() throws Exception {
    storeTraces(trace("ancient", Instant.now().minus(Duration.ofDays(3650))));

    gateway = Gateways.running(YAML, dataDir, null, Clock.systemUTC());
    Thread.sleep(300);

    assertThat(gateway.server().store().traces().find("ancient")).isPresent();
    assertThat(gateway.http().get("/metrics", null).body()).doesNotContain("apprentice_traces_deleted_total");
  }

  private void storeTraces(TraceRecord... traces) {
    try (Store store = Store.open("jdbc:sqlite:" + dataDir.resolve("apprentice.db"))) {
      store.traces().append(List.of(traces));
    }
  }

  private static TraceRecord trace(String id, Instant at) {
    return new TraceRecord(id, at, "default", null, "m", "sim", "sim-echo", "sim-echo", null, false, 200, null, null,
        new Tokens(3, 3, 0, 0, 0), false, 0.001, 5, null, 0.5, "miss", null, List.of(), java.util.Map.of(), null, null,
        List.of(new AttemptRecord(0, "sim", "sim-echo", 4.5, "ok", 200, null)), null);
  }

  private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) return false;
      Thread.sleep(20);
    }
    return true;
  }
}
