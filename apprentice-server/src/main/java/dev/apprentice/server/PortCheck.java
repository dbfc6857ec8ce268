package dev.apprentice.server;

import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;

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
          + " (" + likelyCause(host) + ")", e);
    }
  }

  /**
   * Why a bind most likely failed: a host that names no address, or an address of another machine (a typo in
   * server.host, an address the machine had once), else a port that another process holds.
   */
  static String likelyCause(String host) {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return "the host name '" + host + "' does not resolve to an address: check server.host or --host";
    }
    if (address.isAnyLocalAddress() || address.isLoopbackAddress()) return "is another process using the port?";
    try {
      if (NetworkInterface.getByInetAddress(address) != null) return "is another process using the port?";
    } catch (SocketException e) {
      return "is another process using the port?";
    }
    return address.getHostAddress() + " is not an address of this machine: check server.host or --host (0.0.0.0 listens"
        + " on all of them)";
  }

  /** Fails when {@code web} did not start listening (taken meanwhile, or any other failure to bind). */
  static void listening(WebServer web, String host, int port) {
    if (web.isRunning() && web.port() > 0) return;
    web.stop();
    throw new IllegalStateException("cannot listen on " + host + ":" + port
        + " (is another process using the port? the server's log says why)");
  }
}
