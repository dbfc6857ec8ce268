package dev.apprentice.server.http;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.server.access.Authenticator;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /v1/responses/{id}} and what lies under it (retrieve, delete, cancel, input items): the gateway keeps no
 * responses, so each is a 404 that says so, after the caller's key is checked as on any model route.
 */
public final class StoredResponses {

  private final Authenticator auth;

  public StoredResponses(Authenticator auth) {
    this.auth = auth;
  }

  public void notKept(ServerRequest req, ServerResponse res) {
    try {
      auth.caller(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
      throw new GatewayException(ErrorCode.NOT_FOUND, "the gateway is stateless and keeps no responses: "
          + req.prologue().method().text() + " " + req.path().path() + " has nothing to find. Each answer is given "
          + "once, to the call that asked; its trace is under /admin/traces (a Response's id resp_X is trace tr_X)");
    } catch (GatewayException e) {
      ErrorResponses.send(res, e);
    }
  }
}
