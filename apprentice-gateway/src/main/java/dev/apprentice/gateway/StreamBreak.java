package dev.apprentice.gateway;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.UpstreamError;

/**
 * What the client is told when the upstream breaks a stream after its first byte: the error event's code and message,
 * which the call's trace and metrics carry too, so that all three agree. The code says what the upstream said where
 * the error table has a word for it ({@code upstream_overloaded}, {@code upstream_rate_limited}, {@code upstream_timeout}), else
 * {@code upstream_error}; the message is the upstream's own when it wrote one (its provider's credentials hidden
 * already), else the gateway's account of the failure.
 */
public final class StreamBreak {

  private StreamBreak() {}

  /** The error a stream broken by {@code failure} ends with. */
  public static GatewayException of(ProviderException failure) {
    UpstreamError said = failure.upstreamError();
    String message = said != null ? said.message() : "the upstream failed mid-stream: " + failure.getMessage();
    return new GatewayException(code(failure.kind()), message);
  }

  private static ErrorCode code(ProviderException.Kind kind) {
    return switch (kind) {
      case TIMEOUT -> ErrorCode.UPSTREAM_TIMEOUT;
      case OVERLOADED -> ErrorCode.UPSTREAM_OVERLOADED;
      case RATE_LIMITED -> ErrorCode.UPSTREAM_RATE_LIMITED;
      default -> ErrorCode.UPSTREAM_ERROR;
    };
  }
}
