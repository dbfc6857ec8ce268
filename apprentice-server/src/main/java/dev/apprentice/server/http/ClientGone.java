package dev.apprentice.server.http;

import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A write of the answer failed: the client went away. Only the places that write an answer to the client throw it, so
 * that no other I/O failure (the store, a model's files, an index on disk) is mistaken for a departed client and
 * swallowed: those are the server's own failures, logged and answered 500.
 */
public final class ClientGone extends RuntimeException {

  private ClientGone(Throwable cause) {
    super(cause.getMessage(), cause, false, false);
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
