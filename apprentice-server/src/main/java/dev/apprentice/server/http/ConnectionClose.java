package dev.apprentice.server.http;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Ends the connection once an answer sent with {@code Connection: close} is out. Helidon 4.5.0 writes that header (on
 * the answer to a request that asked for it) but goes on reading the connection (helidon#12324), and it skips reading
 * the rest of the request's body when the connection is to close: a body a handler left unread (a 401, 404 or 405
 * answers without reading it) was then parsed as a second request and answered. An answer to a body that could not
 * be read says {@code Connection: close} too ({@link UnreadableBody}). Registered first, so that it sees the answer
 * of every route.
 */
public final class ConnectionClose implements Filter {

  @Override
  public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
    chain.proceed();
    if (res.isSent() && res.headers().containsToken(HeaderValues.CONNECTION_CLOSE)) {
      // bubbles up through Helidon's error handling; the connection handler closes the socket without a log line
      throw new CloseConnectionException("the answer said Connection: close");
    }
  }
}
