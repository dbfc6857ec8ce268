package dev.apprentice.server.access;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import java.util.function.Predicate;

/**
 * The one rule for routes that take particular keys (the admin API, the metrics): no bearer token is 401
 * {@code invalid_api_key}, a token that is not one of those keys is 403. Kept in one place so that the routes cannot
 * drift apart in how they read the header or which status they answer.
 */
final class BearerCheck {

  private BearerCheck() {}

  /**
   * Passes when the request's bearer token is {@code accepted}.
   *
   * @param authorization the {@code Authorization} header; null when absent
   * @param missing       the 401's message, when no token was sent
   * @param refused       the 403's message, when the token is not accepted
   */
  static void require(String authorization, Predicate<String> accepted, String missing, String refused) {
    String presented = Authenticator.bearer(authorization);
    if (presented == null) throw new GatewayException(ErrorCode.INVALID_API_KEY, missing);
    if (!accepted.test(presented)) throw new GatewayException(ErrorCode.MODEL_NOT_ALLOWED, refused);
  }
}
