package dev.apprentice.api;

import java.time.Duration;

/**
 * An error answered to the client in OpenAI's error shape. The one place that turns these into HTTP responses is
 * the server's error mapper; everything else throws them.
 */
public class GatewayException extends RuntimeException {

  private final ErrorCode code;
  private final String param;
  private final Duration retryAfter;

  public GatewayException(ErrorCode code, String message, String param, Duration retryAfter) {
    super(message, null, false, false);
    this.code = code;
    this.param = param;
    this.retryAfter = retryAfter;
  }

  public GatewayException(ErrorCode code, String message) {
    this(code, message, null, null);
  }

  public static GatewayException invalid(String param, String message) {
    return new GatewayException(ErrorCode.INVALID_REQUEST, message, param, null);
  }

  public ErrorCode code() {
    return code;
  }

  public String param() {
    return param;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
