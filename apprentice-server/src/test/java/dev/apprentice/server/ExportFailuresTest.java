package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.trace.Tokens;
import dev.apprentice.api.trace.TraceRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * An export that fails on the server's side (a stored trace that cannot be read) after its answer began is cut off, so
 * that the client sees a broken transfer; it used to be ended like a whole one, a silently short export.
 */
class ExportFailuresTest {

  private static final String ADMIN_KEY = "admin-key-for-export-failures";
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        m: { targets: [ { provider: sim, model: sim-echo } ] }
      """, ADMIN_KEY, Clock.systemUTC());
  private final ApprenticeServer server = gateway.server();

  @Test
  void anExportThatFailsAfterItsFirstLinesWereSentIsCutRatherThanEndedAsIfWhole() throws Exception {
    List<TraceRecord> readable = new ArrayList<>();
    for (int i = 0; i < 600; i++) readable.add(trace("tr_good_" + i, START.plusMillis(i)));
    server.store().traces().append(readable);
    server.store().traces().append(List.of(trace("tr_unreadable", START.plusSeconds(60))));
    corruptTags("tr_unreadable");

    HttpRequest export = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/admin/traces/export"))
        .header("Authorization", "Bearer " + ADMIN_KEY).build();
    try (HttpClient client = HttpClient.newHttpClient()) {
      assertThatThrownBy(() -> client.send(export, HttpResponse.BodyHandlers.ofString()))
          .as("the transfer is broken, not ended as if whole").isInstanceOf(IOException.class);

      HttpResponse<String> next = client.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(next.statusCode()).as("the server keeps serving").isEqualTo(200);
    }
  }

  @Test
  void anExportThatFailsBeforeAnythingWasSentIsAnInternalError() throws Exception {
    server.store().traces().append(List.of(trace("tr_unreadable", START)));
    corruptTags("tr_unreadable");

    HttpResponse<String> failed = gateway.http().get("/admin/traces/export", ADMIN_KEY);

    assertError(failed, 500, "internal_error", "internal_error", null);
  }

  private static TraceRecord trace(String id, Instant startedAt) {
    return new TraceRecord(id, startedAt, "acme", null, "m", "sim", "sim-echo", "sim-echo", null, false, 200, null,
        null, new Tokens(10, 5, 0, 0, 0), false, 0.0001, 12.0, null, 0.5, "miss", null, List.of("batch"), Map.of(),
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}", "{\"id\":\"x\"}",
        List.of());
  }

  /** Makes a stored trace unreadable, as a damaged row would be. */
  private void corruptTags(String id) throws SQLException {
    try (Connection c = DriverManager.getConnection(server.config().store().url());
        PreparedStatement update = c.prepareStatement("UPDATE traces SET tags = 'not json' WHERE id = ?")) {
      update.setString(1, id);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }
}
