package dev.apprentice.server.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.function.Predicate;

/**
 * One accepted connection as {@link ConnectionTimeouts} watches it: what it is waiting for, and since when. Its
 * request's thread moves it from phase to phase (plain writes, no system call); the watcher reads them.
 */
final class WatchedConnection {

  enum Phase {
    /** Accepted: waiting for its first request's line and headers. */
    FIRST_REQUEST,
    /** Answered: waiting for the next request's line and headers. */
    IDLE,
    /**
     * A request is being served: nothing to time (an answer may take minutes to write); while a call waits for its
     * answer, the client's departure is watched ({@link #awaitAnswer}).
     */
    ROUTED,
    /** A request's body is being read: it must keep arriving. */
    BODY
  }

  final SocketChannel socket;
  final SocketAddress local;
  final SocketAddress remote;
  private volatile Phase phase = Phase.FIRST_REQUEST;
  private volatile long since = System.nanoTime();
  private volatile boolean bodyTimedOut;
  /** What to run should the client leave while a call waits for its answer; null while none waits. Set under lock. */
  private volatile Runnable onDeparture;
  /** When ({@link System#nanoTime()}) the waiting call's client is next looked for. Set under lock. */
  private volatile long nextDepartureCheck;

  WatchedConnection(SocketChannel socket, SocketAddress local, SocketAddress remote) {
    this.socket = socket;
    this.local = local;
    this.remote = remote;
  }

  void enter(Phase next) {
    since = System.nanoTime();
    phase = next;
  }

  Phase phase() {
    return phase;
  }

  /** Nanoseconds since the phase began, or since the body last made progress. */
  long waitedNanos(long now) {
    return now - since;
  }

  /** The body's reads, each of which counts as progress. */
  InputStream watch(InputStream body) {
    return new FilterInputStream(body) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        since = System.nanoTime();
        return b;
      }

      @Override
      public int read(byte[] bytes, int offset, int length) throws IOException {
        int n = super.read(bytes, offset, length);
        since = System.nanoTime();
        return n;
      }
    };
  }

  /** Ends the body's reads: the reader finds the end of the stream, and {@link #bodyTimedOut} says why. */
  void timeOutBody() {
    bodyTimedOut = true;
    try {
      socket.shutdownInput(); // a blocked read returns the end of the stream; the answer can still be written
    } catch (IOException closed) {
      // closed meanwhile: the read has ended anyway
    }
  }

  boolean bodyTimedOut() {
    return bodyTimedOut;
  }

  /**
   * From {@code now} until {@link #answerReady}, {@code onDeparture} runs should the client be found gone. The client
   * is first looked for once the call has waited {@link ClientDeparture#FIRST_CHECK_AFTER_NANOS}: most calls are
   * answered before, and never looked at.
   */
  synchronized void awaitAnswer(Runnable onDeparture, long now) {
    this.nextDepartureCheck = now + ClientDeparture.FIRST_CHECK_AFTER_NANOS;
    this.onDeparture = onDeparture;
  }

  /** The answer is about to be written: the socket is the request thread's again, and nothing runs on departure. */
  synchronized void answerReady() {
    onDeparture = null;
  }

  /**
   * On the watcher's thread, at {@code now}: when a call waits for its answer and its client is due to be looked for,
   * asks {@code closedByPeer} whether the client has closed its end, and if so runs the departure action, once. A
   * client still there is looked for again {@link ClientDeparture#CHECK_EVERY_NANOS} later. The check holds the lock,
   * so that it never touches the socket once the answer is being written.
   */
  void checkDeparture(long now, Predicate<SocketChannel> closedByPeer) {
    if (onDeparture == null || now - nextDepartureCheck < 0) return;
    Runnable gone;
    synchronized (this) {
      if (onDeparture == null || now - nextDepartureCheck < 0) return; // answered meanwhile, or the next call waits
      nextDepartureCheck = now + ClientDeparture.CHECK_EVERY_NANOS;
      if (!closedByPeer.test(socket)) return;
      gone = onDeparture;
      onDeparture = null;
    }
    gone.run(); // outside the lock: cancelling the call interrupts its thread, which may be about to answer
  }

  void close() {
    try {
      socket.close(); // a blocked read fails, and Helidon ends the connection without a log line
    } catch (IOException ignored) {
      // closed already
    }
  }
}
