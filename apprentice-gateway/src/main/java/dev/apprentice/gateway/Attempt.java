package dev.apprentice.gateway;

import dev.apprentice.gateway.routing.Target;
import dev.apprentice.api.ProviderException;

/**
 * One upstream attempt of a call, as recorded for headers, traces and error messages.
 *
 * @param target      the provider and upstream model tried
 * @param failure     the failure kind, or null when the attempt succeeded
 * @param status      the upstream HTTP status, 0 when none
 * @param latencyNanos time from sending to the answer (streams: to the first chunk)
 */
public record Attempt(Target target, ProviderException.Kind failure, int status, String message, long latencyNanos) {

  public boolean succeeded() {
    return failure == null;
  }

  /** One line for an error summary: {@code openai/gpt-4o: RATE_LIMITED (HTTP 429) ...}. */
  public String summary() {
    if (succeeded()) return target.id() + ": ok";
    return target.id() + ": " + failure + (status > 0 ? " (HTTP " + status + ")" : "") + (message == null ? "" : " " + message);
  }
}
