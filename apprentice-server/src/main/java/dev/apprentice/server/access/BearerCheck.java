package dev.apprentice.server.access;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import java.util.function.Predicate;

/**
 * The one rule for routes that take particular keys (the admin API, the metrics): no bearer token is 401
 * {@code invalid_api_key}, as is a token that is no key at all; a key that is not one of those is 403. Kept in one place
 * so that the routes cannot drift apart in how they read the header or which status they answer.
 */
final class BearerCheck {

  private BearerCheck() {}

  /** As {@link #require(String, Predicate, Predicate, String, String, String)}, every token being a key: 403. */
  static void require(String authorization, Predicate<String> accepted, String missing, String refused) {
    require(authorization, accepted, presented -> true, missing, null, refused);
  }

  /**
   * Passes when the request's bearer token is {@code accepted}.
   *
   * @param authorization the {@code Authorization} header; null when absent
   * @param known         whether a token not accepted is a key all the same (asked only then)
   * @param missing       the 401's message, when no token was sent
   * @param unknown       the 401's message, when the token is no key
   * @param refused       the 403's message, when the token is a key but not one accepted
   */
  static void require(String authorization, Predicate<String> accepted, Predicate<String> known, String missing,
      String unknown, String refused) {
    String presented = Authenticator.bearer(authorization);
    if (presented == null) throw new GatewayException(ErrorCode.INVALID_API_KEY, missing);
    if (accepted.test(presented)) return;
    if (!known.test(presented)) throw new GatewayException(ErrorCode.INVALID_API_KEY, unknown);
    throw new GatewayException(ErrorCode.MODEL_NOT_ALLOWED, refused);
  }
}
