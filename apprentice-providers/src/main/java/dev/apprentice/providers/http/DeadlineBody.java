package dev.apprentice.providers.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;

/**
 * An answer's body that may be read only until its call's deadline: a read that would start after it fails as a
 * timeout. A socket's read timeout bounds each wait for bytes, not the whole body, so an upstream that answers at once
 * and then trickles its body (a proxy sending keep-alive whitespace before a whole answer's JSON) would otherwise hold
 * a try, and the call, past every limit; a stalled read is still ended by the socket's timeout.
 */
final class DeadlineBody extends InputStream {

  private final InputStream body;
  private final long deadlineNanos;

  DeadlineBody(InputStream body, long deadlineNanos) {
    this.body = body;
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public int read() throws IOException {
    checkDeadline();
    return body.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    checkDeadline();
    return body.read(b, off, len);
  }

  @Override
  public int available() throws IOException {
    return body.available();
  }

  @Override
  public void close() throws IOException {
    body.close();
  }

  private void checkDeadline() throws HttpTimeoutException {
    if (System.nanoTime() - deadlineNanos >= 0) {
      throw new HttpTimeoutException("its time ran out while the body was still arriving");
    }
  }
}
