package dev.apprentice.gateway;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.UpstreamError;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The errors a client gets when a model's targets could not answer, for chat and embedding calls alike. */
final class RouteFailures {

  private RouteFailures() {}

  /**
   * A failure that no other target would change: the request's own fault, or a cancelled call (503
   * {@code shutting_down} when the gateway's shutdown cut it short, {@link Shutdown}). A request the upstream
   * refused is answered with what the upstream said of it, when its error body said something readable: its message,
   * {@code param} and {@code code} ({@code context_length_exceeded}), as a client talking to it directly would see them.
   */
  static GatewayException notRoutable(ProviderException e) {
    if (Shutdown.refusal(e) instanceof GatewayException shuttingDown) return shuttingDown;
    if (e.kind() == Kind.CANCELLED) return new GatewayException(ErrorCode.UPSTREAM_ERROR, "the call was cancelled");
    UpstreamError said = e.upstreamError();
    if (said == null) return new GatewayException(ErrorCode.INVALID_REQUEST, e.getMessage());
    return new GatewayException(ErrorCode.INVALID_REQUEST, said.message(), said.param(), null, said.code());
  }

  /**
   * The 504 of a call whose deadline passed while its attempts ran (a stream's opening held by a guardrail included,
   * {@link StreamBreak#beforeAnswer}): {@link Unanswered}'s words, then each attempt. The one place this answer is
   * built, so that every such call reads alike.
   */
  static GatewayException timeout(String model, Duration timeout, List<Attempt> attempts) {
    return new GatewayException(ErrorCode.UPSTREAM_TIMEOUT,
        Unanswered.within(model, timeout) + "; attempts: " + summary(attempts));
  }

  /**
   * Every target was tried or skipped: 503 when all circuits were open (of those that could serve the request), 504
   * when the call's deadline passed (said so) or else every attempt timed out (each attempt said, never the deadline),
   * else 502 with each attempt. {@code cannotServe} names the targets whose provider could not translate the request,
   * with why; {@code retryAfter}, when known, is the answer's {@code Retry-After}: for the 503, how long until the
   * first open circuit lets a trial through; for a 502 whose every attempt was rate-limited, how long is left of the
   * soonest {@code Retry-After} an upstream gave.
   */
  static GatewayException exhausted(String model, Duration timeout, long deadlineNanos, List<Attempt> attempts,
      List<String> skipped, List<String> cannotServe, Duration retryAfter) {
    String refused = cannotServe.isEmpty() ? "" : "; cannot serve this request: " + String.join(", ", cannotServe);
    if (attempts.isEmpty()) {
      return new GatewayException(ErrorCode.NO_HEALTHY_TARGET, "every target of model '" + model
          + "' has an open circuit: " + String.join(", ", skipped) + refused, null, retryAfter);
    }
    if (System.nanoTime() >= deadlineNanos) return timeout(model, timeout, attempts);
    String open = skipped.isEmpty() ? "" : "; circuit open: " + String.join(", ", skipped);
    if (attempts.stream().allMatch(a -> a.failure() == Kind.TIMEOUT)) {
      // each try ran out of its own time (or the upstream answered 408 or 504), the call's deadline had not passed
      return new GatewayException(ErrorCode.UPSTREAM_TIMEOUT, "every attempt at model '" + model + "' timed out: "
          + summary(attempts) + open + refused);
    }
    return new GatewayException(ErrorCode.UPSTREAM_ERROR, "every target of model '" + model + "' failed: "
        + summary(attempts) + open + refused, null, retryAfter);
  }

  private static String summary(List<Attempt> attempts) {
    return attempts.stream().map(Attempt::summary).collect(Collectors.joining("; "));
  }
}
