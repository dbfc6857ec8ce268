package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bytes that are not a readable request, over raw sockets: a broken chunked body or request line is the client's
 * error (400 in the error format, never a 500 with a stack trace in the log), a client that leaves mid-body is counted
 * as a departed client, and the connection ends in every case, since where a next request would start is unknown.
 */
class MalformedTransportTest {

  private static final String ADMIN_KEY = "admin-key-for-malformed-transport";
  private static final String CHAT = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        echo: { targets: [ { provider: sim, model: sim-echo } ] }
      """, ADMIN_KEY, Clock.systemUTC());
  private final ApprenticeServer server = gateway.server();
  /** What the server logs once started (closed before the server is). */
  private final LogCapture log = LogCapture.of("io.helidon", "dev.apprentice");

  @AfterEach
  void stopListening() {
    log.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"zz", "ffffffffffffffffffff", "-1"})
  void aChunkSizeThatIsNoHexadecimalNumberIsA400ThatEndsTheConnection(String size) {
    try (RawConnection connection = new RawConnection(server)) {
      String written = connection.send(CHAT + "Transfer-Encoding: chunked\r\n\r\n" + size + "\r\n{\"model\":\r\n")
          .untilClosed();

      assertThat(written).startsWith("HTTP/1.1 400").contains("Connection: close");
      JsonNode error = RawHttp.json(written.substring(written.indexOf("\r\n\r\n") + 4)).path("error");
      assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
      assertThat(error.path("message").asText()).startsWith("could not read the request body");
      assertThat(RawConnection.answers(written)).isEqualTo(1);
    }
    assertThat(log.alarms()).isEmpty();
    assertThat(metrics()).doesNotContain("code=\"internal_error\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/chat/completions", "/v1/embeddings"})
  void aClientThatLeavesMidBodyIsCountedAsDisconnectedAndLogsNoStackTrace(String path) {
    try (RawConnection connection = new RawConnection(server)) {
      String written = connection.send("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"mode")
          .stopSending().untilClosed();

      assertThat(written).as("nobody is left to read an answer").isEmpty();
    }
    assertThat(log.alarms()).isEmpty();
    assertThat(metrics()).contains("code=\"client_disconnected\"").doesNotContain("code=\"internal_error\"");
  }

  @Test
  void aClientThatLeavesMidChunkIsCountedAsDisconnectedAndLogsNoStackTrace() {
    try (RawConnection connection = new RawConnection(server)) {
      String written = connection.send(CHAT + "Transfer-Encoding: chunked\r\n\r\n40\r\n{\"model\":\"echo\"")
          .stopSending().untilClosed();

      assertThat(written).isEmpty();
    }
    assertThat(log.alarms()).isEmpty();
    assertThat(metrics()).contains("code=\"client_disconnected\"").doesNotContain("code=\"internal_error\"");
  }

  @Test
  void anAdminClientThatLeavesMidBodyLogsNoStackTrace() {
    try (RawConnection connection = new RawConnection(server)) {
      String written = connection.send("POST /admin/keys HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ADMIN_KEY
          + "\r\nContent-Length: 100\r\n\r\n{\"tenant\"").stopSending().untilClosed();

      assertThat(written).isEmpty();
    }
    assertThat(log.alarms()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"GE\u007fT / HTTP/1.1", "GET\u0000/health HTTP/1.1"})
  void aRequestLineWithAControlCharacterIsA400(String line) {
    try (RawConnection connection = new RawConnection(server)) {
      String written = connection.send((line + "\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1))
          .untilClosed();

      assertThat(written).startsWith("HTTP/1.1 400");
      JsonNode error = RawHttp.json(written.substring(written.indexOf("\r\n\r\n") + 4)).path("error");
      assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    }
    assertThat(log.alarms()).isEmpty();
  }

  @Test
  void aConnectionCutBeforeItsHeadersEndLogsOneLineWithoutAStackTrace() {
    try (RawConnection connection = new RawConnection(server)) {
      connection.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Half: sen").stopSending().untilClosed();
    }
    assertThat(log.alarms()).isEmpty();
    assertThat(log.messages()).anyMatch(m -> m.startsWith("1 request(s) could not be read"));
  }

  private String metrics() {
    return new RawHttp(server).get("/metrics").body();
  }
}
