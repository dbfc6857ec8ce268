package dev.apprentice.server.access;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.ApiKey;
import dev.apprentice.api.access.Caller;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns an {@code Authorization} header into a {@link Caller}. On a loopback address, until the first client key is
 * created, calls without a key (or with a placeholder that is not an Apprentice key, as SDKs require one) are
 * anonymous, held to the {@code default} tenant's limits; otherwise every call needs an active client key. The admin
 * API needs the admin key.
 */
public final class Authenticator {

  private static final String BEARER = "bearer ";
  /**
   * The refusal of a token not written as our keys are, such as the {@code sk-anything} an SDK was given while loopback
   * calls needed no key: it says what a key looks like rather than "unknown", and never quotes the token.
   */
  private static final String NOT_OURS = "Invalid API key: not an Apprentice key (they look like ak-<id>-<secret>); "
      + "every call needs one once a client key was ever created, or off loopback "
      + "(create one with 'apprentice keys create').";

  private final Keys keys;
  private final AdminKey admin;
  private final boolean loopback;
  private final Function<String, dev.apprentice.api.access.Limits> tenantLimits;

  public Authenticator(Keys keys, AdminKey admin, boolean loopback,
      Function<String, dev.apprentice.api.access.Limits> tenantLimits) {
    this.keys = keys;
    this.admin = admin;
    this.loopback = loopback;
    this.tenantLimits = tenantLimits;
  }

  /** True while unauthenticated model calls are accepted (loopback, and no client key was ever created). */
  public boolean anonymousAllowed() {
    return loopback && !keys.anyClientKey();
  }

  /** The caller of a model call; 401 for a missing, unknown, revoked or expired key, 403 for the admin key. */
  public Caller caller(String authorization) {
    String presented = bearer(authorization);
    if (presented == null) {
      if (anonymousAllowed()) return anonymous();
      throw new GatewayException(ErrorCode.INVALID_API_KEY,
          "Missing API key: send 'Authorization: Bearer ak-...' (create one with 'apprentice keys create').");
    }
    Optional<ApiKey> key = keys.matching(presented);
    if (key.isPresent() && key.get().role() == ApiKey.Role.CLIENT) {
      if (keys.expired(key.get())) throw expired(key.get());
      return Caller.of(key.get(), tenantLimits.apply(key.get().tenant()));
    }
    if (key.isPresent() || admin.matches(presented)) {
      throw new GatewayException(ErrorCode.MODEL_NOT_ALLOWED,
          "The admin key is for the admin API only; call models with a client key.");
    }
    // OpenAI SDKs insist on some key: while calls are anonymous, anything not shaped like ours is ignored
    if (!KeySecrets.claimsToBeOne(presented)) {
      if (anonymousAllowed()) return anonymous();
      throw new GatewayException(ErrorCode.INVALID_API_KEY, NOT_OURS);
    }
    throw new GatewayException(ErrorCode.INVALID_API_KEY, "Invalid API key: unknown or revoked.");
  }

  /**
   * An expired key is refused as an unknown one is (401), saying so: its holder needs a new key, not a typo fixed. Also
   * the refusal of an in-process evaluation call made as a key that expired during its run.
   */
  public static GatewayException expired(ApiKey key) {
    return new GatewayException(ErrorCode.INVALID_API_KEY, "Invalid API key: key '" + key.id() + "' expired at "
        + key.expiresAt() + "; ask for a new key (apprentice keys create).");
  }

  /** A caller without a key: its spend is booked to the {@code default} tenant, so that tenant's limits apply. */
  private Caller anonymous() {
    return new Caller(null, Caller.DEFAULT_TENANT, tenantLimits.apply(Caller.DEFAULT_TENANT));
  }

  /**
   * Which models {@code GET /v1/models} lists to this caller: every one for the admin key, those its key allows for a
   * client key (all of them while calls are anonymous); 401 for a missing or unknown key, as for a model call.
   */
  public java.util.function.Predicate<String> listable(String authorization) {
    String presented = bearer(authorization);
    if (presented != null && admin.matches(presented)) return model -> true;
    return caller(authorization)::allows;
  }

  /**
   * Passes only for the admin key: 401 without a key or with one that is unknown or revoked (as on a model route, looked
   * up only when it is not the admin key), 403 with a client key.
   */
  public void requireAdmin(String authorization) {
    BearerCheck.require(authorization, admin::matches, keys,
        "The admin API needs the admin key: send 'Authorization: Bearer <admin key>'.",
        "Invalid API key: unknown or revoked; the admin API needs the admin key.",
        "This key may not use the admin API; it needs the admin key.");
  }

  /** The token of an {@code Authorization: Bearer} header; null when there is none. */
  static String bearer(String authorization) {
    if (authorization == null) return null;
    String value = authorization.strip();
    if (value.length() <= BEARER.length() || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) return null;
    String token = value.substring(BEARER.length()).strip();
    return token.isEmpty() ? null : token;
  }
}
