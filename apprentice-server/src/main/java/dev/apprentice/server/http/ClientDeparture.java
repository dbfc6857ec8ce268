package dev.apprentice.server.http;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Watches for a client that leaves while its call waits for an answer, before any byte of the answer is written: the
 * only time a departure shows nowhere else (once the answer is written, a failed write or the stream's heartbeat
 * tells). Helidon reads nothing while a handler runs, so a closed connection went unnoticed, and a call whose client
 * had gone went on retrying and failing over, and was charged.
 *
 * <p>The {@link ConnectionTimeouts} watcher looks at a waiting connection without reading from it, so that a next
 * request the client sent ahead is left for Helidon: the socket is registered with the watcher's selector for a
 * moment, and a socket that is readable with no byte to read has seen its end (or a reset). A look costs the watcher
 * about eight system calls (a few microseconds), so a call is first looked at once it has waited a second (most are
 * answered before, and never looked at), then about once a second: a client that leaves is noticed within about two
 * seconds. A request costs a few plain writes under a lock.
 */
final class ClientDeparture implements AutoCloseable {

  /** How long a call waits for its answer before its client is first looked for. */
  static final long FIRST_CHECK_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** How long after one look at a waiting call's client the next one is due. */
  static final long CHECK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final ClientDeparture UNWATCHED = new ClientDeparture(null);

  private final WatchedConnection connection;

  private ClientDeparture(WatchedConnection connection) {
    this.connection = connection;
  }

  /**
   * Until closed, runs {@code onDeparture} (on the watcher's thread) should this thread's client leave. Close it
   * before writing the answer. Where no connection is watched (the simulator) it watches nothing.
   */
  static ClientDeparture watch(Runnable onDeparture) {
    WatchedConnection current = ConnectionTimeouts.current();
    if (current == null) return UNWATCHED;
    current.awaitAnswer(onDeparture, System.nanoTime());
    return new ClientDeparture(current);
  }

  @Override
  public void close() {
    if (connection != null) connection.answerReady();
  }

  /**
   * True when the client has closed its end of {@code socket} (or the connection broke), found without reading: bytes
   * waiting to be read are a request sent ahead, and leave the client counted as present. Called while nothing else
   * uses the socket; it is left blocking, as Helidon uses it.
   */
  static boolean closedByPeer(SocketChannel socket, Selector selector) {
    try {
      boolean readable;
      socket.configureBlocking(false);
      try {
        SelectionKey key = socket.register(selector, SelectionKey.OP_READ);
        try {
          readable = selector.selectNow(ready -> { }) > 0;
        } finally {
          key.cancel();
          selector.selectNow(ready -> { }); // deregisters it, so that the socket may block again
        }
      } finally {
        socket.configureBlocking(true);
      }
      return readable && socket.socket().getInputStream().available() == 0;
    } catch (IOException | RuntimeException e) {
      // closed meanwhile (the server stopping) or broken: its answer could not be written anyway
      return !socket.isOpen();
    }
  }
}
