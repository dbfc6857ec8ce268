package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A path that answers {@code GET} answers {@code HEAD} with the status {@code GET} would have, and a {@code HEAD}
 * answer ends with its headers, on every route and whatever its status: a body after them would be read, on a reused
 * connection, as the start of the next answer.
 */
class HeadAnswersTest {

  private static final String ADMIN_KEY = "admin-key-for-head-answer-tests";

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        echo: { targets: [ { provider: sim, model: sim-echo } ] }
      """, ADMIN_KEY, Clock.systemUTC());

  @ParameterizedTest(name = "HEAD {0} as {1} answers {2} and nothing more")
  @CsvSource({
      "/v1/models, admin, 200",
      "/v1/models/echo, admin, 200",
      "/v1/models/nope, admin, 404",
      "/v1/chat/completions, none, 405",
      "/metrics, none, 200",
      "/nope, none, 404",
      "/admin/keys, none, 401",
      "/admin/keys, admin, 200",
      "/admin/keys/k1, admin, 405",
      "/admin/traces, admin, 200",
      "/admin/traces?limit=0, admin, 400",
      "/admin/traces/export, admin, 200",
      "/health, none, 200",
      "/ready, none, 200"})
  void aHeadAnswerEndsWithItsHeadersSoTheNextAnswerOnTheConnectionIsReadWhole(String path, String key, int status) {
    String authorization = key.equals("admin") ? "Authorization: Bearer " + ADMIN_KEY + "\r\n" : "";
    try (RawConnection connection = new RawConnection(gateway.server())) {
      String written = connection.send("HEAD " + path + " HTTP/1.1\r\nHost: x\r\n" + authorization + "\r\n"
          + "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").untilClosed();

      assertThat(written).startsWith("HTTP/1.1 " + status);
      String afterTheHead = written.substring(written.indexOf("\r\n\r\n") + 4);
      assertThat(afterTheHead).as(written).startsWith("HTTP/1.1 200");
      assertThat(afterTheHead).endsWith("{\"status\":\"ok\"}");
    }
  }
}
