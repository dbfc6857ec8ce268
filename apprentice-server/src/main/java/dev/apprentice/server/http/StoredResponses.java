package dev.apprentice.server.http;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.server.access.Authenticator;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/**
 * {@code /v1/responses/{id}} and what lies under it (retrieve, delete, cancel, input items): the gateway keeps no
 * responses, so each is a 404 that says so, after the caller's key is checked as on any model route; OpenAI's
 * endpoints there that are about no stored response (an input token count, a compaction) are a 404 naming them.
 */
public final class StoredResponses {

  /** OpenAI's endpoints under {@code /v1/responses/} that are not about a stored response, with what they do. */
  private static final Map<String, String> OTHER_ENDPOINTS = Map.of(
      "POST /v1/responses/input_tokens", "OpenAI's count of a request's input tokens",
      "POST /v1/responses/compact", "OpenAI's compaction of a conversation");

  private final Authenticator auth;

  public StoredResponses(Authenticator auth) {
    this.auth = auth;
  }

  public void notKept(ServerRequest req, ServerResponse res) {
    try {
      auth.caller(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
      String call = req.prologue().method().text() + " " + req.path().path();
      String offered = OTHER_ENDPOINTS.get(call);
      if (offered != null) {
        throw new GatewayException(ErrorCode.NOT_FOUND, call + " (" + offered + ") is not an endpoint of the gateway");
      }
      throw new GatewayException(ErrorCode.NOT_FOUND, "the gateway is stateless and keeps no responses: "
          + call + " has nothing to find. Each answer is given "
          + "once, to the call that asked; its trace is under /admin/traces (a Response's id resp_X is trace tr_X)");
    } catch (GatewayException e) {
      ErrorResponses.send(res, e);
    }
  }
}
