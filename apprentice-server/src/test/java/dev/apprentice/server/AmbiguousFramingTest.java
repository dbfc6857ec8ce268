package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A request whose body's length two parties could read differently (two Content-Lengths, Content-Length beside
 * Transfer-Encoding, an encoding other than chunked) is how a request is smuggled past a proxy in front of the
 * gateway: each is refused 400 in the error format, answered once, and its connection closed, so the bytes after it
 * are never run as a second request.
 */
class AmbiguousFramingTest {

  private static final String CHAT = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
  private static final String BODY = "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String CHUNKED = Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n";
  private static final String SMUGGLED = "GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n";

  @AutoClose
  private static RunningGateway gateway;

  @BeforeAll
  static void start() {
    gateway = Gateways.running("""
        providers:
          sim: { type: simulator }
        models:
          echo: { targets: [ { provider: sim, model: sim-echo } ] }
        """, "admin-key-for-ambiguous-framing-0123", Clock.systemUTC());
  }

  static List<String> framings() {
    return List.of(
        "Content-Length: " + BODY.length() + "\r\nContent-Length: 5\r\n\r\n" + BODY + SMUGGLED,
        "Content-Length: " + BODY.length() + ", " + BODY.length() + "\r\n\r\n" + BODY + SMUGGLED,
        "Content-Length: +" + BODY.length() + "\r\n\r\n" + BODY + SMUGGLED,
        "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n" + CHUNKED + SMUGGLED,
        "Transfer-Encoding: chunked\r\nContent-Length: " + (CHUNKED.length() + SMUGGLED.length()) + "\r\n\r\n"
            + CHUNKED + SMUGGLED,
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n" + CHUNKED + SMUGGLED,
        "Transfer-Encoding: xchunked\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY + SMUGGLED);
  }

  @ParameterizedTest
  @MethodSource("framings")
  void aBodyWhoseLengthCouldBeReadTwoWaysIsRefusedOnceAndItsConnectionClosed(String framing) {
    try (RawConnection connection = new RawConnection(gateway.server())) {
      String written = connection.send(CHAT + framing).untilClosed();

      assertThat(written).startsWith("HTTP/1.1 400").contains("\"type\":\"invalid_request_error\"");
      assertThat(RawConnection.answers(written)).as("the bytes after the body are not a second request").isEqualTo(1);
    }
  }
}
