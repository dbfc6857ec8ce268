package dev.apprentice.server.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.io.FilterOutputStream;
import java.io.OutputStream;

/**
 * Answers every {@code HEAD} request without a body, whatever route answers it (a 405 on a path that takes only
 * {@code GET}, a 404, a 401 under {@code /admin/}). Helidon 4.5.0 writes whatever a handler sends, on {@code HEAD} too,
 * and a client reusing the connection reads that body as the start of its next answer (RFC 9110 §9.3.2: a
 * {@code HEAD} answer ends with its headers).
 */
public final class HeadAnswers implements Filter {

  @Override
  public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
    if (req.prologue().method() == Method.HEAD) res.streamFilter(NoBody::new);
    chain.proceed();
  }

  /** Passes the end of the answer on, and none of its bytes. */
  private static final class NoBody extends FilterOutputStream {

    NoBody(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
