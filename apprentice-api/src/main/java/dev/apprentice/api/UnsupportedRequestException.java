package dev.apprentice.api;

/**
 * A request that one provider cannot serve though another could: a parameter or content its API has no translation
 * for (Anthropic: {@code n > 1}, audio parts, file parts sent by {@code file_id}, tools other than functions, a
 * conversation of only system messages, the {@code function} role). The router takes it as "skip this target" — not
 * the request's fault, nothing the upstream's health or a retry would change — and answers it as the 400 it is
 * (naming the parameter) only when no target of the model could serve the request. A request invalid for any
 * provider is a plain {@link GatewayException#invalid} instead, answered 400 at once.
 */
public final class UnsupportedRequestException extends GatewayException {

  public UnsupportedRequestException(String param, String message) {
    super(ErrorCode.INVALID_REQUEST, message, param, null);
  }
}
