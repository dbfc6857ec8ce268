package dev.apprentice.providers.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;

/**
 * An answer's body that may be read only until its call's deadline: a read that would start after it fails as a
 * timeout. A socket's read timeout bounds each wait for bytes, not the whole body, so an upstream that answers at once
 * and then trickles its body (a proxy sending keep-alive whitespace before a whole answer's JSON) would otherwise hold
 * a try, and the call, past every limit. A read that stalls is ended by {@link #cut} (the attempt's
 * {@link dev.apprentice.api.Cutoff}, which the gateway runs at the try's limit): the body is closed under it, and that
 * read, or any after it, fails as a timeout too rather than as a lost connection or a body that ended early.
 */
final class DeadlineBody extends InputStream {

  private final InputStream body;
  private final long deadlineNanos;
  private volatile boolean cut;

  DeadlineBody(InputStream body, long deadlineNanos) {
    this.body = body;
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public int read() throws IOException {
    checkDeadline();
    try {
      return ended(body.read());
    } catch (IOException e) {
      throw cutShort(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    checkDeadline();
    try {
      return ended(body.read(b, off, len));
    } catch (IOException e) {
      throw cutShort(e);
    }
  }

  @Override
  public int available() throws IOException {
    return body.available();
  }

  @Override
  public void close() throws IOException {
    body.close();
  }

  /** Closes the body from another thread, its time up: the read waiting on it ends, as a timeout. */
  void cut() {
    cut = true;
    try {
      body.close();
    } catch (IOException e) {
      // the connection is dropped either way: the reader fails as cut
    }
  }

  /** A body closed under its reader may read as ended: cut, that is no end but the time running out. */
  private int ended(int read) throws HttpTimeoutException {
    if (read < 0 && cut) throw timedOut();
    return read;
  }

  private IOException cutShort(IOException e) {
    if (!cut || e instanceof HttpTimeoutException) return e;
    HttpTimeoutException timeout = timedOut();
    timeout.initCause(e);
    return timeout;
  }

  private void checkDeadline() throws HttpTimeoutException {
    if (cut || System.nanoTime() - deadlineNanos >= 0) throw timedOut();
  }

  private static HttpTimeoutException timedOut() {
    return new HttpTimeoutException("its time ran out while the body was still arriving");
  }
}
