package dev.apprentice.server.http;

import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The client went away: a write of the answer failed, or the connection ended or broke while the request's body was
 * read. Only the places that write an answer to the client or read its body throw it, so that no other I/O failure
 * (the store, a model's files, an index on disk) is mistaken for a departed client and swallowed: those are the
 * server's own failures, logged and answered 500.
 */
public final class ClientGone extends RuntimeException {

  private ClientGone(Throwable cause) {
    super(cause.getMessage(), cause, false, false);
  }

  /** The client went away while the request's body was read: the connection ended or broke mid-body. */
  public static ClientGone reading(Throwable cause) {
    return new ClientGone(cause);
  }

  /**
   * What a handler throws last once its client is gone (and counted): it ends the connection without an answer.
   * Returning would leave the request unanswered, which Helidon takes for a handler that forgot to answer (it writes a
   * 500 and logs a stack trace), and then it would read on for a rest of the body that never comes.
   */
  public static CloseConnectionException hangUp(RuntimeException gone) {
    return gone instanceof CloseConnectionException close ? close
        : new CloseConnectionException("the client went away", gone);
  }

  /** Sends the whole answer; a write that fails is a {@code ClientGone}. */
  public static void send(ServerResponse res, byte[] body) {
    try {
      res.send(body);
    } catch (UncheckedIOException | CloseConnectionException e) {
      throw new ClientGone(e);
    }
  }

  /**
   * Commits an answer whose output stream was closed: its last chunk goes out now rather than when the handler
   * returns. A write that fails is a {@code ClientGone}.
   */
  public static void commit(RoutingResponse res) {
    try {
      res.commit();
    } catch (UncheckedIOException | CloseConnectionException e) {
      throw new ClientGone(e);
    }
  }

  /** The answer's output stream, on which a write, flush or close that fails is a {@code ClientGone}. */
  public static OutputStream output(ServerResponse res) {
    return new Watched(res.outputStream());
  }

  private static final class Watched extends OutputStream {
    private final OutputStream out;

    Watched(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      try {
        out.write(b);
      } catch (IOException | UncheckedIOException | CloseConnectionException e) {
        throw new ClientGone(e);
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      try {
        out.write(bytes, offset, length);
      } catch (IOException | UncheckedIOException | CloseConnectionException e) {
        throw new ClientGone(e);
      }
    }

    @Override
    public void flush() {
      try {
        out.flush();
      } catch (IOException | UncheckedIOException | CloseConnectionException e) {
        throw new ClientGone(e);
      }
    }

    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException | UncheckedIOException | CloseConnectionException e) {
        throw new ClientGone(e);
      }
    }
  }
}
