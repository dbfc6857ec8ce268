package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code server.read_timeout_ms} and {@code server.idle_timeout_ms} over raw sockets, with a read timeout far shorter
 * than anything legitimate here takes: a client that does not get its request line and headers out in time is cut
 * off, and so is a body that stops (told 408 first); a body that keeps coming is read however long it takes, answers
 * that take longer than the read timeout to write (a stream, a slow upstream) are served whole, and a kept-alive
 * connection waits the idle timeout, not the read timeout, for its next request.
 */
class ConnectionTimeoutsTest {

  private static final String ADMIN_KEY = "admin-key-for-connection-timeouts";
  private static final String CHAT = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      server: { read_timeout_ms: 500, idle_timeout_ms: 5000 }
      providers:
        sim: { type: simulator }
        slow: { type: simulator, mode: lorem, lorem_tokens: 8, ttft_ms: 1500, tokens_per_second: 8 }
      models:
        echo: { targets: [ { provider: sim, model: sim-echo } ] }
        slow: { targets: [ { provider: slow, model: sim-lorem } ], timeout_ms: 30000 }
      """, ADMIN_KEY, Clock.systemUTC());
  private final ApprenticeServer server = gateway.server();

  @Test
  void aConnectionThatSendsNothingIsClosed() {
    try (RawConnection connection = new RawConnection(server)) {
      assertThat(connection.untilClosed()).isEmpty();
    }
  }

  @Test
  void aConnectionThatStopsInItsHeadersIsClosed() {
    try (RawConnection connection = new RawConnection(server)) {
      assertThat(connection.send(CHAT + "Content-Le").untilClosed()).isEmpty();
    }
  }

  @Test
  void aClientThatTricklesItsHeadersIsCutOffAllTheSame() throws InterruptedException {
    try (RawConnection connection = new RawConnection(server)) {
      byte[] head = (CHAT + "X-Slow: " + "a".repeat(200) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      for (int i = 0; i < head.length && connection.trySend(head[i]); i++) {
        Thread.sleep(50); // a byte well within every read timeout, but the headers never end
      }

      assertThat(connection.untilClosed()).isEmpty();
    }
  }

  @Test
  void aBodyThatKeepsComingIsReadHoweverLongItTakes() throws InterruptedException {
    byte[] body = KeyedHttp.chatBody("echo", "slowly").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (RawConnection connection = new RawConnection(server)) {
      connection.send(CHAT + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n");
      for (int at = 0; at < body.length; at += 2) {
        Thread.sleep(50); // in all several read timeouts, each piece well within one, on a loaded machine too
        connection.send(java.util.Arrays.copyOfRange(body, at, Math.min(body.length, at + 2)));
      }

      assertThat(connection.untilClosed()).startsWith("HTTP/1.1 200").contains("slowly");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Content-Length: 100\r\n\r\n{\"model", "Transfer-Encoding: chunked\r\n\r\n40\r\n{\"model"})
  void aBodyThatStopsIsAnswered408AndTheConnectionEnds(String headAndPartOfBody) {
    try (RawConnection connection = new RawConnection(server)) {
      String written = connection.send(CHAT + headAndPartOfBody).untilClosed();

      assertThat(written).startsWith("HTTP/1.1 408").contains("Connection: close");
      JsonNode error = RawHttp.json(written.substring(written.indexOf("\r\n\r\n") + 4)).path("error");
      assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
      assertThat(error.path("code").asText()).isEqualTo("request_timeout");
      assertThat(RawConnection.answers(written)).isEqualTo(1);
    }
  }

  @Test
  void aStreamThatTakesLongerThanTheReadTimeoutIsServedWhole() {
    HttpResponse<String> streamed = gateway.http().post("/v1/chat/completions", null,
        "{\"model\":\"slow\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(streamed.statusCode()).isEqualTo(200);
    assertThat(streamed.body()).endsWith("data: [DONE]\n\n");
  }

  @Test
  void anUpstreamSlowerThanTheReadTimeoutIsWaitedFor() {
    HttpResponse<String> answered = gateway.http().chat(null, "slow", "hi");

    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
  }

  @Test
  void aKeptAliveConnectionWaitsTheIdleTimeoutForItsNextRequestThenCloses() throws InterruptedException {
    try (RawConnection connection = new RawConnection(server)) {
      assertThat(connection.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").answer()).startsWith("HTTP/1.1 200");
      Thread.sleep(1000); // two read timeouts, a fifth of the idle timeout

      assertThat(connection.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").answer()).startsWith("HTTP/1.1 200");
      assertThat(connection.untilClosed()).as("closed once idle, without a word").isEmpty();
    }
  }
}
