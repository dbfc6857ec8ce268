package dev.apprentice.providers.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;

/** Reading an upstream's whole answer. */
public final class Bodies {

  /** Larger declared lengths are read the general way rather than trusted for one allocation. */
  static final long MAX_PRESIZED = 16L * 1024 * 1024;

  private Bodies() {}

  /**
   * The whole body, to its end (so that a pooled connection can be reused). With a {@code Content-Length}, the
   * bytes go straight into an array of that size: {@code readAllBytes} reads in 16 KB steps, and the HTTP client
   * allocates a buffer of each step's size, so a 300-byte answer cost about 48 KB of garbage. The read past the
   * declared length finds the end (which is what tells the client the connection is free again) or, from an
   * upstream whose body runs on past it, the rest.
   */
  public static byte[] readAll(InputStream body, HttpHeaders headers) throws IOException {
    long declared = headers.firstValueAsLong("content-length").orElse(-1);
    if (declared < 0 || declared > MAX_PRESIZED) return body.readAllBytes();
    byte[] bytes = body.readNBytes((int) declared);
    int next = body.read();
    if (next < 0) return bytes;
    ByteArrayOutputStream all = new ByteArrayOutputStream(bytes.length + 1024);
    all.write(bytes);
    all.write(next);
    body.transferTo(all);
    return all.toByteArray();
  }
}
