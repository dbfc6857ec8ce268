package dev.apprentice.server.access;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import java.util.function.Predicate;

/**
 * The one rule for routes that take particular keys (the admin API, the metrics): no bearer token is 401
 * {@code invalid_api_key}, as is a token that is no key at all (unknown or revoked); a client key is 403. Kept in one
 * place so that the routes cannot drift apart in how they read the header or which status they answer.
 */
final class BearerCheck {

  private BearerCheck() {}

  /**
   * Passes when the request's bearer token is {@code accepted}.
   *
   * @param authorization the {@code Authorization} header; null when absent
   * @param keys          the client keys, looked up only for a token not accepted (a made-up one of another shape is
   *                      not looked up at all)
   * @param missing       the 401's message, when no token was sent
   * @param unknown       the 401's message, when the token is no key
   * @param refused       the 403's message, when the token is a client key
   */
  static void require(String authorization, Predicate<String> accepted, Keys keys, String missing, String unknown,
      String refused) {
    String presented = Authenticator.bearer(authorization);
    if (presented == null) throw new GatewayException(ErrorCode.INVALID_API_KEY, missing);
    if (accepted.test(presented)) return;
    if (keys.matching(presented).isEmpty()) throw new GatewayException(ErrorCode.INVALID_API_KEY, unknown);
    throw new GatewayException(ErrorCode.MODEL_NOT_ALLOWED, refused);
  }
}
