package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.Comparator;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server's own database stops taking writes while it serves — another process holds the write lock, the data
 * directory is deleted: model calls are still answered, {@code /ready} says what is wrong, and the traces accepted
 * meanwhile are written once the database takes writes again, not lost.
 */
class StoreFailuresThroughServerTest {

  private static final String ADMIN_KEY = "admin-key-for-store-failure-tests";
  private static final long HANG_GUARD_MS = 60_000;

  private Path dataDir;
  private ApprenticeServer server;
  private KeyedHttp http;

  @BeforeEach
  void start() {
    dataDir = TempDirs.create();
    server = Gateways.start("""
        providers:
          sim: { type: simulator }
        models:
          fast: { targets: [ { provider: sim, model: sim-echo } ] }
        """, dataDir, ADMIN_KEY, Clock.systemUTC());
    http = new KeyedHttp(server);
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private JsonNode ready() {
    return RawHttp.json(http.get("/ready", null).body());
  }

  private JsonNode awaitReadiness(Predicate<JsonNode> until) throws InterruptedException {
    long deadline = System.currentTimeMillis() + HANG_GUARD_MS;
    JsonNode ready = ready();
    while (!until.test(ready) && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      ready = ready();
    }
    return ready;
  }

  @Test
  void aDatabaseLockedByAnotherProcessLeavesCallsAnsweredAndTheirTracesWrittenOnceItIsReleased() throws Exception {
    String url = "jdbc:sqlite:" + dataDir.resolve("apprentice.db");
    String traceId;
    try (Connection other = DriverManager.getConnection(url); Statement lock = other.createStatement()) {
      lock.execute("BEGIN IMMEDIATE");

      HttpResponse<String> answered = http.chat(null, "fast", "hello while the database is locked");
      assertThat(answered.statusCode()).isEqualTo(200);
      traceId = answered.headers().firstValue("x-apprentice-trace-id").orElseThrow();
      JsonNode ready = awaitReadiness(r -> r.path("store").asText().equals("writes failing"));
      assertThat(ready.path("store").asText()).isEqualTo("writes failing");
      assertThat(ready.path("store_problem").asText()).contains("locked");
      assertThat(ready.path("status").asText()).as("calls are still answered").isEqualTo("ready");
      assertThat(http.chat(null, "fast", "and again").statusCode()).isEqualTo(200);

      lock.execute("COMMIT");
    }
    JsonNode ready = awaitReadiness(r -> r.path("store").asText().equals("ok"));
    assertThat(ready.path("store").asText()).isEqualTo("ok");
    server.accounting().flush();
    assertThat(new AdminClient(server, ADMIN_KEY).trace(traceId).path("status").asInt()).isEqualTo(200);
    assertThat(server.accounting().writer().dropped()).isZero();
  }

  /**
   * Calls themselves fail (500) while no key can be looked up: that is {@code access.Keys}' to settle, outside what
   * this test covers; what it covers is that nothing is written to the deleted file or in its place, and that
   * readiness says what happened and what to do.
   */
  @Test
  void aDataDirectoryDeletedWhileServingIsNeitherWrittenToNorRecreatedAndReadinessSaysToRestart() throws Exception {
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
    }

    http.chat(null, "fast", "hello after rm -rf");

    HttpResponse<String> ready = http.get("/ready", null);
    assertThat(ready.statusCode()).isEqualTo(503);
    JsonNode body = RawHttp.json(ready.body());
    assertThat(body.path("store").asText()).isEqualTo("unavailable");
    assertThat(body.path("reason").asText()).contains(dataDir.resolve("apprentice.db") + " was deleted")
        .contains("restart");
    server.accounting().writer().flush(java.time.Duration.ofMillis(500));
    assertThat(dataDir.resolve("apprentice.db")).as("no empty database is made in its place").doesNotExist();
    assertThat(server.accounting().writer().written()).as("no trace goes to the deleted file").isZero();
    assertThat(server.accounting().storeFailure()).hasValueSatisfying(f -> assertThat(f).contains("was deleted"));
    try {
      server.close();
    } catch (RuntimeException expected) {
      // the cache's last commit has no directory left to go to: close says so once everything is closed
    }
    server = null;
  }
}
