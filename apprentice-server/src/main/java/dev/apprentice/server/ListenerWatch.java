package dev.apprentice.server;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Notices that nothing listens on the server's port any more while the process runs on. Helidon 4.5.0's listener stops
 * for good when an accept fails (the process out of files: "Too many open files"): it closes its socket and waits on
 * itself forever, while {@code WebServer.isRunning()} still says true and nothing else tells. So the port is probed:
 * a connection every few seconds, closed at once (Helidon reads its end and drops it quietly). A refusal, confirmed a
 * second later, means the listener is gone; a probe that cannot even make a socket (out of files itself) or gets no
 * answer (a full accept queue) says nothing either way.
 */
final class ListenerWatch implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ListenerWatch.class.getName());
  private static final int CONNECT_TIMEOUT_MS = 2000;
  private static final Duration CONFIRM_AFTER = Duration.ofSeconds(1);

  private final InetSocketAddress address;
  private final Thread thread;

  private ListenerWatch(InetSocketAddress address, Duration every, Runnable stopped) {
    this.address = address;
    this.thread = Thread.ofPlatform().daemon().name("apprentice-listener-watch").start(() -> watch(every, stopped));
  }

  /**
   * Probes {@code host:port} every {@code every}; once it refuses connections, logs why the process should not go on
   * and runs {@code stopped} (once).
   */
  static ListenerWatch start(String host, int port, Duration every, Runnable stopped) {
    return new ListenerWatch(new InetSocketAddress(reachable(host), port), every, stopped);
  }

  /** The address to probe: the bound one, or loopback for a server bound to every address. */
  private static InetAddress reachable(String host) {
    try {
      InetAddress bound = InetAddress.getByName(host);
      return bound.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bound;
    } catch (UnknownHostException e) {
      return InetAddress.getLoopbackAddress();
    }
  }

  private void watch(Duration every, Runnable stopped) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        TimeUnit.MILLISECONDS.sleep(every.toMillis());
        if (!refused()) continue;
        TimeUnit.MILLISECONDS.sleep(CONFIRM_AFTER.toMillis());
        if (!refused()) continue;
        LOG.log(System.Logger.Level.ERROR, "the HTTP listener on " + address.getAddress().getHostAddress() + ":"
            + address.getPort() + " has stopped: connections are refused, and nothing will serve them while the"
            + " process runs (the web server's log above says why; most often the process ran out of open files)");
        stopped.run();
        return;
      }
    } catch (InterruptedException closed) {
      Thread.currentThread().interrupt();
    }
  }

  /** True only when the port refused a connection: nothing listens there. */
  private boolean refused() {
    try (Socket probe = new Socket()) {
      probe.connect(address, CONNECT_TIMEOUT_MS);
      return false;
    } catch (ConnectException refused) {
      return true;
    } catch (IOException | RuntimeException unknown) {
      return false; // out of files ourselves, a full accept queue: no sign either way
    }
  }

  /** Stops probing (the server is closing: its port will refuse, on purpose). Does not wait for the probe. */
  @Override
  public void close() {
    thread.interrupt();
  }
}
