package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The probe of {@link ListenerWatch} against a plain listening socket, which a test can close at will. */
class ListenerWatchTest {

  @Test
  void aPortThatStopsListeningIsReported() throws Exception {
    CountDownLatch reported = new CountDownLatch(1);
    try (ServerSocket listener = listening();
        ListenerWatch watch = ListenerWatch.start("127.0.0.1", listener.getLocalPort(), Duration.ofMillis(50),
            reported::countDown)) {
      assertThat(reported.await(500, TimeUnit.MILLISECONDS)).as("not while it listens (accepting or not)").isFalse();

      listener.close();

      assertThat(reported.await(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aWatchClosedWithItsServerReportsNothing() throws Exception {
    CountDownLatch reported = new CountDownLatch(1);
    try (ServerSocket listener = listening()) {
      ListenerWatch watch = ListenerWatch.start("0.0.0.0", listener.getLocalPort(), Duration.ofMillis(50),
          reported::countDown);
      watch.close();
      listener.close();

      assertThat(reported.await(1500, TimeUnit.MILLISECONDS)).isFalse();
    }
  }

  private static ServerSocket listening() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return socket;
  }
}
