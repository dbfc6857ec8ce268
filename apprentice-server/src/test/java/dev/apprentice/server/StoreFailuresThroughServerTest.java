package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.LogCapture;
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
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The server's own database stops taking writes while it serves — another process holds the write lock, the data
 * directory is deleted: model calls are still answered, {@code /ready} says what is wrong, and the traces accepted
 * meanwhile are written once the database takes writes again, not lost.
 */
class StoreFailuresThroughServerTest {

  private static final String ADMIN_KEY = "admin-key-for-store-failure-tests";
  private static final long HANG_GUARD_MS = 60_000;

  private final Path dataDir = TempDirs.create();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        fast: { targets: [ { provider: sim, model: sim-echo } ] }
      """, dataDir, ADMIN_KEY, Clock.systemUTC());
  private final ApprenticeServer server = gateway.server();
  private final KeyedHttp http = gateway.http();

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
    assertThat(gateway.admin().trace(traceId).path("status").asInt()).isEqualTo(200);
    assertThat(server.accounting().writer().dropped()).isZero();
  }

  /**
   * Nothing is written to the deleted file or in its place, and readiness says what happened and what to do (the
   * calls refused meanwhile are the next test's).
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
      gateway.close();
    } catch (RuntimeException expected) {
      // the cache's last commit has no directory left to go to: close says so once everything is closed
    }
  }

  /**
   * No key can be checked without the key table: calls are refused (fail closed) as 503 {@code store_unavailable}
   * with a Retry-After, in the API's error shape, and the log says so once for the spell, not a stack trace per call.
   */
  @Test
  void callsWhoseKeysCannotBeReadAfterTheDataDirectoryIsDeletedAre503sLoggedOnceNot500s() throws Exception {
    String key = gateway.admin().newKey("{\"tenant\":\"acme\"}"); // no lookup cached yet
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
    }

    java.util.List<HttpResponse<String>> refused = new java.util.ArrayList<>();
    try (LogCapture log = LogCapture.of("io.helidon", "dev.apprentice")) {
      refused.add(http.chat(key, "fast", "hello after rm -rf"));
      refused.add(http.chat(null, "fast", "and without a key, on loopback"));
      refused.add(http.chat("ak-0123456789ab-c2VjcmV0", "fast", "a key never seen"));
      refused.add(http.post("/v1/embeddings", key, "{\"model\":\"local/all-minilm-l6-v2\",\"input\":\"hi\"}"));
      refused.add(http.get("/v1/models", key));

      for (HttpResponse<String> response : refused) {
        JsonNode error = ErrorAsserts.assertError(response, 503, "server_error", "store_unavailable", null);
        assertThat(error.path("message").asText()).contains("cannot check API keys").doesNotContain(dataDir.toString());
        assertThat(response.headers().firstValue("retry-after")).contains("5");
      }
      assertThat(log.alarms()).as("one line for the spell, with its cause")
          .filteredOn(line -> line.contains("API keys")).singleElement().asString()
          .contains("cannot read API keys").contains("was deleted");
      assertThat(log.alarms()).as("no stack trace per call").noneMatch(line -> line.contains("unexpected failure"));
    }
    assertThat(http.get("/health", null).statusCode()).as("the server serves on").isEqualTo(200);
    try {
      gateway.close();
    } catch (RuntimeException expected) {
      // the cache's last commit has no directory left to go to
    }
  }
}
