package dev.apprentice.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One TCP connection to a running server, written and read as a hand-made client would: bytes the JDK's HTTP client
 * would never send (a body that says more than it is, a request after a body left unread) and answers read as they
 * come, up to the server closing the connection.
 */
final class RawConnection implements AutoCloseable {

  /** How long a read waits for the server: long, since it only bounds a test that fails. */
  static final int PATIENCE_MS = 20_000;

  private final Socket socket;
  private final InputStream in;

  RawConnection(int port) {
    try {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(PATIENCE_MS);
      in = socket.getInputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RawConnection(ApprenticeServer server) {
    this(server.port());
  }

  /** Writes {@code text} as ASCII (CR LF written out as {@code \r\n}). */
  RawConnection send(String text) {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  RawConnection send(byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes one byte; false when the server has closed the connection (the write failed). */
  boolean trySend(byte b) {
    try {
      socket.getOutputStream().write(b);
      socket.getOutputStream().flush();
      return true;
    } catch (IOException closedByTheServer) {
      return false;
    }
  }

  /** Ends the request side, as a client that gives up does: the server reads the end of the stream next. */
  RawConnection stopSending() {
    try {
      socket.shutdownOutput();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * True when the server neither writes nor closes for {@code millis}: a bound on a wait for something that must not
   * happen, which can only let a broken server pass when it is slower than that, never fail a working one.
   */
  boolean silentFor(int millis) {
    try {
      socket.setSoTimeout(millis);
      in.read();
      return false;
    } catch (SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        socket.setSoTimeout(PATIENCE_MS);
      } catch (SocketException e) {
        // closed: the next read says so
      }
    }
  }

  /** One whole answer with a {@code Content-Length}: its head and body, as text. */
  String answer() {
    try {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) throw new AssertionError("the connection ended before an answer; read: " + head);
        head.write(b);
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      int length = 0;
      for (String line : text.split("\r\n")) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring("content-length:".length()).trim());
        }
      }
      return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Everything the server writes from now until it closes the connection; an {@link AssertionError} when it keeps the
   * connection open longer than {@link #PATIENCE_MS}.
   */
  String untilClosed() {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) read.write(buffer, 0, n);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open; it wrote: " + read.toString(StandardCharsets.UTF_8));
    } catch (SocketException reset) {
      // closed with a reset rather than an orderly end: closed all the same
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return read.toString(StandardCharsets.UTF_8);
  }

  /** How many answers {@code text} holds (status lines). */
  static int answers(String text) {
    int count = 0;
    for (int at = text.indexOf("HTTP/1.1 "); at >= 0; at = text.indexOf("HTTP/1.1 ", at + 1)) count++;
    return count;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
