package dev.apprentice.server.http;

import io.helidon.common.socket.SocketOptions;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * How long a connection may keep the server waiting for its client. Helidon times none of its reads: a connection
 * with half its headers, or a body that stops, stayed open for good (an idle one for up to 7 minutes), and enough of
 * them used up the process's files.
 *
 * <p>A watcher thread looks at every open connection a few times per timeout, and at least once a second. One
 * accepted but without a whole request line and headers after the read timeout is closed; one answered and without
 * the next request's headers after the idle timeout too (both without a word). While a request's body is read
 * ({@link RequestBodies#read}), it must make progress within the read timeout, or its reads end and it is answered
 * 408 (the connection's input is shut, its output still open). Nothing is timed while a request is otherwise served,
 * so a stream that lasts minutes, or an upstream slow to answer a body already read, is never cut. The reads
 * themselves stay Helidon's: no timed wait per read, only a few plain writes per request.
 *
 * <p>The same thread notices a client that leaves while its call waits for an answer ({@link ClientDeparture}): once
 * the call has waited a second, and about once a second after, it looks, without reading, whether the client closed
 * its end, and cancels the call if so.
 *
 * <p>Each connection is noted as Helidon accepts it ({@link #socketOptions}); its first request finds it by the two
 * addresses, and its thread keeps it for the requests after.
 */
public final class ConnectionTimeouts implements Filter, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ConnectionTimeouts.class.getName());
  /** The connection whose request this thread serves: Helidon serves each HTTP/1 connection on one thread. */
  private static final ThreadLocal<WatchedConnection> CURRENT = new ThreadLocal<>();

  private final long readNanos;
  private final long idleNanos;
  private final Duration read;
  private final Set<WatchedConnection> open = ConcurrentHashMap.newKeySet();
  /** Accepted and not yet found by a request of theirs. */
  private final Map<Ends, WatchedConnection> unclaimed = new ConcurrentHashMap<>();
  private final long tickMillis;
  /** Started with the first connection (by the listener's one thread), so that a server that never listened has none. */
  private volatile Thread watcher;
  private volatile boolean closed;

  public ConnectionTimeouts(Duration read, Duration idle) {
    this.read = read;
    this.readNanos = read.toNanos();
    this.idleNanos = idle.toNanos();
    this.tickMillis = tickMillis(read, idle);
  }

  /**
   * How long the watcher sleeps between rounds: a quarter of the shorter timeout, at least once a second, which is
   * also how often a waiting call's client is looked for ({@link ClientDeparture#CHECK_EVERY_NANOS}): a look that is
   * due waits for the next round, a second at most.
   */
  static long tickMillis(Duration read, Duration idle) {
    return Math.clamp(Math.min(read.toMillis(), idle.toMillis()) / 4, 10, 1000);
  }

  /** {@code base} as Helidon applies it to each socket accepted, with each socket then watched. */
  public SocketOptions socketOptions(SocketOptions base) {
    return new WatchedSocketOptions(base, read, this::accepted);
  }

  /** The connection this thread serves a request of, when one is watched. */
  static WatchedConnection current() {
    return CURRENT.get();
  }

  private void accepted(SocketChannel socket) {
    if (watcher == null && !closed) {
      watcher = Thread.ofPlatform().daemon().name("apprentice-connection-timeouts").start(this::watch);
    }
    try {
      WatchedConnection connection = new WatchedConnection(socket, socket.getLocalAddress(), socket.getRemoteAddress());
      open.add(connection);
      unclaimed.put(new Ends(connection.local, connection.remote), connection);
    } catch (IOException closedAlready) {
      // Helidon's first read finds it closed
    }
  }

  @Override
  public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
    WatchedConnection connection = CURRENT.get();
    if (connection == null) {
      connection = unclaimed.remove(new Ends(req.localPeer().address(), req.remotePeer().address()));
      if (connection == null) {
        chain.proceed();
        return;
      }
      CURRENT.set(connection);
    }
    connection.enter(WatchedConnection.Phase.ROUTED);
    try {
      chain.proceed();
    } finally {
      connection.enter(WatchedConnection.Phase.IDLE);
    }
  }

  private void watch() {
    Selector selector = departures();
    Predicate<SocketChannel> closedByPeer = socket -> ClientDeparture.closedByPeer(socket, selector);
    try {
      while (!Thread.currentThread().isInterrupted()) {
        TimeUnit.MILLISECONDS.sleep(tickMillis);
        long now = System.nanoTime();
        for (WatchedConnection connection : open) {
          if (!connection.socket.isOpen()) {
            open.remove(connection);
            unclaimed.remove(new Ends(connection.local, connection.remote), connection);
            continue;
          }
          long waited = connection.waitedNanos(now);
          switch (connection.phase()) {
            case FIRST_REQUEST -> {
              if (waited > readNanos) connection.close();
            }
            case IDLE -> {
              if (waited > idleNanos) connection.close();
            }
            case BODY -> {
              if (waited > readNanos && !connection.bodyTimedOut()) connection.timeOutBody();
            }
            case ROUTED -> {
              if (selector != null) connection.checkDeparture(now, closedByPeer);
            }
          }
        }
      }
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    } finally {
      if (selector != null) close(selector);
    }
  }

  /** The watcher's selector, for {@link ClientDeparture#closedByPeer}; null (departures unwatched) if none opens. */
  private static Selector departures() {
    try {
      return Selector.open();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot watch for clients that leave before their answer: " + e);
      return null;
    }
  }

  private static void close(Selector selector) {
    try {
      selector.close();
    } catch (IOException ignored) {
      // stopping anyway
    }
  }

  /** Stops watching (the server is stopping: Helidon closes the connections). */
  @Override
  public void close() {
    closed = true;
    Thread running = watcher;
    if (running != null) running.interrupt();
  }

  /** A connection's two ends: unique among the connections of one listening socket. */
  private record Ends(SocketAddress local, SocketAddress remote) {}
}
