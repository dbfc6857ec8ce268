package dev.apprentice.gateway.routing;

import dev.apprentice.gateway.resilience.Breakers;
import java.time.Duration;
import java.util.List;

/**
 * A model alias as the gateway serves it: its targets, the router that orders them, and the resilience settings.
 *
 * @param retries      extra attempts per target after the first
 * @param ttftTimeout  streams: fail over when no first token (first chunk with output) arrives in this time
 * @param retryBackoff base delay of the exponential backoff
 */
public record ModelRoute(
    String name,
    Router router,
    List<Target> targets,
    int retries,
    Duration timeout,
    Duration ttftTimeout,
    Duration retryBackoff,
    Breakers.Policy breaker) {

  public ModelRoute {
    targets = List.copyOf(targets);
    if (targets.isEmpty()) throw new IllegalArgumentException("model " + name + " has no targets");
  }
}
