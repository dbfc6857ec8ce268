package dev.apprentice.providers.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;

/**
 * Sends one HTTP POST to a model API. Two implementations, chosen by measurement (docs/benchmarks.md): Helidon's
 * blocking WebClient, which does all its I/O on the calling virtual thread, and the JDK {@code HttpClient}.
 * Failures are thrown as {@link java.net.http.HttpTimeoutException} (no answer in time),
 * {@link java.net.ConnectException} (cannot connect) or another {@link IOException}.
 */
public interface Transport {

  /**
   * Posts {@code body} and returns once the status line and headers arrived; the body is then read lazily.
   *
   * @param headers      name/value pairs
   * @param startTimeout how long to wait for the answer to start (its status line and headers)
   * @param readTimeout  how long each read of the body may then wait (a stream may pause between events); a
   *                     transport that cannot bound reads leaves that to the caller's deadline
   */
  Response post(URI uri, String[] headers, byte[] body, Duration startTimeout, Duration readTimeout)
      throws IOException, InterruptedException;

  /** An answer whose body has not been read yet; closing the body releases (or drops) the connection. */
  record Response(int status, HttpHeaders headers, InputStream body) {}

  /** The default transport: Helidon's WebClient over HTTP/1.1 with keep-alive. */
  static Transport create(Duration connectTimeout) {
    return "jdk".equals(System.getProperty("apprentice.upstream.client"))
        ? new JdkTransport(connectTimeout) : new HelidonTransport(connectTimeout);
  }
}
