package dev.apprentice.server;

import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Makes a server that cannot listen fail to start. Helidon logs a failed bind and returns from {@code start()} as if
 * it had started (its port is then -1), so a gateway would print its banner and wait forever without serving.
 */
final class PortCheck {

  private PortCheck() {}

  /** Fails with a one-line message when {@code host:port} cannot be listened on now (port 0: any free port). */
  static void free(String host, int port) {
    if (port == 0) return;
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(host, port));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage()
          + " (is another process using the port?)", e);
    }
  }

  /** Fails when {@code web} did not start listening (taken meanwhile, or any other failure to bind). */
  static void listening(WebServer web, String host, int port) {
    if (web.isRunning() && web.port() > 0) return;
    web.stop();
    throw new IllegalStateException("cannot listen on " + host + ":" + port
        + " (is another process using the port? the server's log says why)");
  }
}
