package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code Connection: close} ends the connection once its answer is out, and a body the answer left unread is never
 * read as another request (request smuggling: Helidon 4.5.0 kept such connections open and ran the body's bytes).
 */
class ConnectionCloseTest {

  private static final String ADMIN_KEY = "admin-key-for-connection-close-tests";
  /** A body that is itself a request, to an endpoint whose answer cannot be mistaken. */
  private static final String SMUGGLED = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        echo: { targets: [ { provider: sim, model: sim-echo } ] }
      """, ADMIN_KEY, Clock.systemUTC());

  @BeforeEach
  void keysRequired() {
    gateway.admin().newKey("{\"tenant\":\"acme\"}"); // from now on, model calls need a key
  }

  @Test
  void anAnswerToARequestThatAsksConnectionCloseEndsTheConnection() {
    try (RawConnection connection = new RawConnection(gateway.server())) {
      String written = connection.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").untilClosed();

      assertThat(written).startsWith("HTTP/1.1 200");
      assertThat(RawConnection.answers(written)).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0} {1} answered {2}")
  @CsvSource({
      "POST, /nope, 404",
      "POST, /v1/chat/completions, 401",
      "POST, /v1/embeddings, 401",
      "POST, /admin/keys, 401",
      "GET, /v1/chat/completions, 405",
      "GET, /health, 200"})
  void aBodyLeftUnreadUnderConnectionCloseIsNeverAnsweredAsASecondRequest(String method, String path, int status) {
    try (RawConnection connection = new RawConnection(gateway.server())) {
      String written = connection.send(method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
          + "Content-Length: " + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED).untilClosed();

      assertThat(written).startsWith("HTTP/1.1 " + status);
      assertThat(RawConnection.answers(written)).as(written).isEqualTo(1);
      assertThat(written).doesNotContain("apprentice_requests_total");
    }
  }

  @Test
  void withoutConnectionCloseABodyLeftUnreadIsSkippedAndTheNextRequestIsServed() {
    try (RawConnection connection = new RawConnection(gateway.server())) {
      connection.send("POST /nope HTTP/1.1\r\nHost: x\r\nContent-Length: " + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED
          + "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

      assertThat(connection.answer()).startsWith("HTTP/1.1 404");
      String rest = connection.untilClosed();
      assertThat(rest).startsWith("HTTP/1.1 200").contains("\"status\"");
      assertThat(RawConnection.answers(rest)).isEqualTo(1);
    }
  }
}
