package dev.apprentice.api;

/** Every error the gateway answers, with its HTTP status and OpenAI {@code type}/{@code code} (PRODUCT.md §3). */
public enum ErrorCode {
  INVALID_REQUEST(400, "invalid_request_error", null),
  /** The call's worst-case cost alone is more than a whole budget: no wait can help, only a smaller request. */
  REQUEST_OVER_BUDGET(400, "invalid_request_error", "request_over_budget"),
  INVALID_API_KEY(401, "authentication_error", "invalid_api_key"),
  MODEL_NOT_ALLOWED(403, "permission_error", "model_not_allowed"),
  /** A caller under a budget asked for a model with a target nothing prices: its cost could not be counted. */
  MODEL_UNPRICED(403, "permission_error", "model_unpriced"),
  NOT_FOUND(404, "invalid_request_error", "not_found"),
  MODEL_NOT_FOUND(404, "invalid_request_error", "model_not_found"),
  METHOD_NOT_ALLOWED(405, "invalid_request_error", "method_not_allowed"),
  /** The client stopped sending its request's body for longer than the server's read timeout. */
  REQUEST_TIMEOUT(408, "invalid_request_error", "request_timeout"),
  REQUEST_TOO_LARGE(413, "invalid_request_error", "request_too_large"),
  UNSUPPORTED_MEDIA_TYPE(415, "invalid_request_error", "unsupported_media_type"),
  CONTENT_BLOCKED(422, "invalid_request_error", "content_blocked"),
  RATE_LIMIT_EXCEEDED(429, "rate_limit_error", "rate_limit_exceeded"),
  BUDGET_EXCEEDED(429, "rate_limit_error", "budget_exceeded"),
  INTERNAL(500, "internal_error", "internal_error"),
  UPSTREAM_ERROR(502, "upstream_error", "upstream_error"),
  NO_HEALTHY_TARGET(503, "upstream_error", "no_healthy_target"),
  /**
   * An upstream that said, mid-stream, that it is overloaded (Anthropic's {@code overloaded_error}). Sent only as a
   * stream's error event, the 200 already sent; before the stream began it would have been a 502 like any failure.
   */
  UPSTREAM_OVERLOADED(502, "upstream_error", "upstream_overloaded"),
  /**
   * An upstream that said, mid-stream, that this target is over its rate limit: the gateway's account upstream, not
   * the caller's key, whose own limits are {@link #RATE_LIMIT_EXCEEDED}. Sent only as a stream's error event.
   */
  UPSTREAM_RATE_LIMITED(502, "upstream_error", "upstream_rate_limited"),
  OVERLOADED(503, "server_error", "overloaded"),
  /** The gateway's own store does not answer, so what a call needs of it (the key table) cannot be read. */
  STORE_UNAVAILABLE(503, "server_error", "store_unavailable"),
  /**
   * The server is shutting down: what the call needed (an in-process model) is closed already, or the web server cut
   * the call short once the shutdown's grace period was over (the gateway's doing, not the upstream's).
   */
  SHUTTING_DOWN(503, "server_error", "shutting_down"),
  UPSTREAM_TIMEOUT(504, "upstream_error", "upstream_timeout");

  private final int status;
  private final String type;
  private final String code;

  ErrorCode(int status, String type, String code) {
    this.status = status;
    this.type = type;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  /** The code, or the type where the table gives no code: what traces and metrics record. */
  public String label() {
    return code != null ? code : type;
  }

  /** The OpenAI {@code code} field; null where the table gives none. */
  public String code() {
    return code;
  }
}
