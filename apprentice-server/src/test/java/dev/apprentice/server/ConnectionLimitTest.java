package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code server.max_connections}: connections past it wait, unserved, until one of those open ends. */
class ConnectionLimitTest {

  @Test
  void connectionsPastTheLimitWaitUntilAnOpenOneEnds() {
    try (RunningGateway gateway = Gateways.running("""
            server: { max_connections: 2 }
            providers:
              sim: { type: simulator }
            models:
              echo: { targets: [ { provider: sim, model: sim-echo } ] }
            """);
        RawConnection first = new RawConnection(gateway.server());
        RawConnection second = new RawConnection(gateway.server());
        RawConnection third = new RawConnection(gateway.server())) {
      third.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(third.silentFor(1000)).as("not served while two connections are open").isTrue();

      first.close();

      assertThat(third.untilClosed()).startsWith("HTTP/1.1 200");
      assertThat(second.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").answer()).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void theLimitIsHeldUnderHalfTheProcesssOpenFileLimit() {
    assertThat(ConnectionLimit.capped(10_000, 20_000)).isEqualTo(10_000);
    assertThat(ConnectionLimit.capped(10_000, 1024)).isEqualTo(512);
    assertThat(ConnectionLimit.capped(10_000, 0)).as("limit unknown").isEqualTo(10_000);
  }
}
