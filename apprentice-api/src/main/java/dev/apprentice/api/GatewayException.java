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
  private final String wireCode;

  public GatewayException(ErrorCode code, String message, String param, Duration retryAfter) {
    this(code, message, param, retryAfter, null);
  }

  /**
   * @param wireCode the {@code code} the client is answered in place of the table's ({@code code.code()}): an
   *                 upstream's own, such as {@code context_length_exceeded}; null keeps the table's
   */
  public GatewayException(ErrorCode code, String message, String param, Duration retryAfter, String wireCode) {
    super(message, null, false, false);
    this.code = code;
    this.param = param;
    this.retryAfter = retryAfter;
    this.wireCode = wireCode;
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

  /** The {@code code} field of the answer: an upstream's own when it gave one, else the error table's (or null). */
  public String wireCode() {
    return wireCode != null ? wireCode : code.code();
  }

  public String param() {
    return param;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
