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
 * already), else the gateway's account of the failure. A stream the gateway's shutdown cut short ends with 503
 * {@code shutting_down} ({@link Shutdown}): the gateway's doing, not the upstream's.
 */
public final class StreamBreak {

  private StreamBreak() {}

  /** The error a stream broken by {@code failure} ends with. */
  public static GatewayException of(ProviderException failure) {
    if (Shutdown.refusal(failure) instanceof GatewayException shuttingDown) return shuttingDown;
    UpstreamError said = failure.upstreamError();
    String message = said != null ? said.message() : "the upstream failed mid-stream: " + failure.getMessage();
    return new GatewayException(code(failure.kind()), message);
  }

  /**
   * The error a call answers when its stream broke off after the gateway had taken it (an output guardrail reading
   * its opening ahead, all of the text held) but before anything of it reached the client: the plain error of a
   * stream that fails before its first token — when the call's deadline passed, the very 504 {@code upstream_timeout}
   * a call whose deadline passed among its attempts answers ({@link RouteFailures#timeout}, with each attempt, this
   * one's recorded broken off already); 504 {@code upstream_timeout} too when the upstream said it timed out, else 502
   * {@code upstream_error}, its message the upstream's own when it wrote one. It has no other target tried: the
   * attempt had already answered. (The attempt reads such an opening first itself, {@link OpeningHold}, so that a
   * failure there is retried or failed over; this is for a read that went further than the attempt's.)
   */
  public static GatewayException beforeAnswer(Call call, ProviderException failure) {
    if (Shutdown.refusal(failure) instanceof GatewayException shuttingDown) return shuttingDown;
    if (failure.kind() == ProviderException.Kind.TIMEOUT && System.nanoTime() >= call.deadlineNanos()) {
      return RouteFailures.timeout(call.model(), call.route().timeout(), call.attempts());
    }
    UpstreamError said = failure.upstreamError();
    String message = "the upstream's stream failed before its first text went out: "
        + (said != null ? said.message() : failure.getMessage());
    ErrorCode code = failure.kind() == ProviderException.Kind.TIMEOUT ? ErrorCode.UPSTREAM_TIMEOUT
        : ErrorCode.UPSTREAM_ERROR;
    return new GatewayException(code, message);
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
