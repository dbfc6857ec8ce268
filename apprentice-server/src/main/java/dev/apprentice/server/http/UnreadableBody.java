package dev.apprentice.server.http;

import dev.apprentice.api.GatewayException;

/**
 * A request refused because its body could not be read to its end (over the size limit, or broken chunked
 * framing): its answer says {@code Connection: close}, and {@link ConnectionClose} ends the connection once it is out,
 * since the rest of the body would otherwise be read as the next request.
 */
final class UnreadableBody extends GatewayException {

  UnreadableBody(GatewayException refusal) {
    super(refusal.code(), refusal.getMessage(), refusal.param(), refusal.retryAfter());
  }
}
