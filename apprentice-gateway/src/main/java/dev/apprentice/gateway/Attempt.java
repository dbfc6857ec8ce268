package dev.apprentice.gateway;

import dev.apprentice.api.ProviderException;
import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.gateway.routing.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One upstream attempt of a call, as recorded for headers, traces and error messages.
 *
 * @param target      the provider and upstream model tried
 * @param failure     the failure kind, or null when the attempt succeeded
 * @param status      the upstream HTTP status, 0 when none
 * @param latencyNanos time from sending to the answer (streams: to the first token)
 */
public record Attempt(Target target, ProviderException.Kind failure, int status, String message, long latencyNanos) {

  public boolean succeeded() {
    return failure == null;
  }

  /** The attempts as a trace records them, numbered from 0. */
  public static List<AttemptRecord> records(List<Attempt> attempts) {
    List<AttemptRecord> out = new ArrayList<>(attempts.size());
    for (int i = 0; i < attempts.size(); i++) {
      Attempt a = attempts.get(i);
      String outcome = a.succeeded() ? "ok" : a.failure().name().toLowerCase(Locale.ROOT);
      out.add(new AttemptRecord(i, a.target().provider().name(), a.target().upstreamModel(),
          a.latencyNanos() / 1_000_000.0, outcome, a.status(), a.message()));
    }
    return out;
  }

  /** One line for an error summary: {@code openai/gpt-4o: RATE_LIMITED (HTTP 429) ...}. */
  public String summary() {
    if (succeeded()) return target.id() + ": ok";
    return target.id() + ": " + failure + (status > 0 ? " (HTTP " + status + ")" : "") + (message == null ? "" : " " + message);
  }
}
