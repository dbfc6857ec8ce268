package dev.apprentice.providers.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helidon's blocking WebClient as a transport: connect, write and read all happen on the calling (virtual) thread,
 * with pooled keep-alive connections, so a call costs no thread hand-offs.
 */
public final class HelidonTransport implements Transport {

  private final Http1Client client;

  public HelidonTransport(Duration connectTimeout) {
    // the HTTP/1.1 client itself: a WebClient would negotiate the protocol on every request
    var builder = Http1Client.builder()
        .connectTimeout(connectTimeout)
        .followRedirects(false)
        .keepAlive(true)
        .sendExpectContinue(false) // the default waits for "100 Continue" before every body: a round trip per call
        .socketOptions(socket -> socket.tcpNoDelay(true))
        .addService(new BodyReadTimeout());
    // the default asks the JVM's proxy selector on every request (2% of a streamed call's CPU); when no proxy is
    // configured for the JVM, the answer is always "none", so it is given once here
    if (!jvmProxyConfigured()) builder.proxy(Proxy.noProxy());
    this.client = builder.build();
  }

  /** True when the JVM is told to use a proxy ({@code -Dhttps.proxyHost=…}, SOCKS, or the system's settings). */
  static boolean jvmProxyConfigured() {
    for (String key : new String[] {"http.proxyHost", "https.proxyHost", "socksProxyHost"}) {
      String value = System.getProperty(key);
      if (value != null && !value.isBlank()) return true;
    }
    return Boolean.getBoolean("java.net.useSystemProxies");
  }

  @Override
  public Response post(URI uri, String[] headers, byte[] body, Duration startTimeout, Duration readTimeout)
      throws IOException {
    Http1ClientRequest request = client.post().uri(uri).readTimeout(startTimeout);
    if (!readTimeout.equals(startTimeout)) {
      request.property(BodyReadTimeout.PROPERTY, String.valueOf(readTimeout.toMillis()));
    }
    for (int i = 0; i + 1 < headers.length; i += 2) request.header(HeaderNames.create(headers[i]), headers[i + 1]);
    Http1ClientResponse response;
    try {
      response = request.submit(body);
    } catch (UncheckedIOException e) {
      throw unwrap(e.getCause());
    } catch (RuntimeException e) {
      if (e.getCause() instanceof IOException io) throw unwrap(io);
      throw notSent(e);
    }
    return new Response(response.status().code(), headersOf(response), new ReleasingStream(response));
  }

  /**
   * Helidon's reader reports a body cut short (the upstream closed mid-chunk) or a broken chunk framing as a plain
   * runtime exception; callers expect an I/O failure, which they turn into an upstream error ({@link Upstream} words
   * it for a client: its credentials hidden, then the class names in it taken out).
   */
  static IOException cutShort(RuntimeException e) {
    return new IOException("the body ended early or was malformed" + (e.getMessage() == null ? ""
        : " (" + e.getMessage() + ")"), e);
  }

  /** A request that failed to be sent for a reason Helidon gives as a runtime exception: its words, if any. */
  static IOException notSent(RuntimeException e) {
    return new IOException(e.getMessage(), e);
  }

  private static IOException unwrap(IOException cause) {
    if (cause instanceof SocketTimeoutException timeout) {
      HttpTimeoutException e = new HttpTimeoutException("no answer in time: " + timeout.getMessage());
      e.initCause(timeout);
      return e;
    }
    return cause; // ConnectException and other I/O failures are classified by Upstream as they are
  }

  private static HttpHeaders headersOf(HttpClientResponse response) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (Header header : response.headers()) {
      map.computeIfAbsent(header.name(), k -> new ArrayList<>()).addAll(header.allValues());
    }
    return HttpHeaders.of(map, (name, value) -> true);
  }

  /** The response body; closing it closes the response (returning or dropping the connection). */
  private static final class ReleasingStream extends InputStream {
    private final HttpClientResponse response;
    private final InputStream in;

    ReleasingStream(HttpClientResponse response) {
      this.response = response;
      this.in = response.inputStream();
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (UncheckedIOException e) {
        throw unwrap(e.getCause());
      } catch (RuntimeException e) {
        throw cutShort(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (UncheckedIOException e) {
        throw unwrap(e.getCause());
      } catch (RuntimeException e) {
        throw cutShort(e);
      }
    }

    @Override
    public void close() {
      try {
        response.close();
      } catch (RuntimeException e) {
        // closing drains what is left of the body; on a broken connection there is nothing to give back
      }
    }
  }
}
