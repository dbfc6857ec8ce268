package dev.apprentice.gateway.routing;

import dev.apprentice.gateway.resilience.Breakers;
import java.time.Duration;
import java.util.List;

/**
 * A model alias as the gateway serves it: its targets, the router that orders them, and the resilience settings.
 *
 * @param retries        extra attempts per target after the first
 * @param timeout        the whole call, retries included
 * @param ttftTimeout    streams: fail over when no first token (first chunk with output) arrives in this time
 * @param retryBackoff   base delay of the exponential backoff
 * @param attemptTimeout calls that are not streamed: the most one try may take; null for the default (half the time
 *                       left while another target remains, else the rest of the call's time)
 */
public record ModelRoute(
    String name,
    Router router,
    List<Target> targets,
    int retries,
    Duration timeout,
    Duration ttftTimeout,
    Duration retryBackoff,
    Breakers.Policy breaker,
    Duration attemptTimeout) {

  public ModelRoute {
    targets = List.copyOf(targets);
    if (targets.isEmpty()) throw new IllegalArgumentException("model " + name + " has no targets");
  }

  /** A route whose tries of a whole answer take the default share of the call's time. */
  public ModelRoute(String name, Router router, List<Target> targets, int retries, Duration timeout,
      Duration ttftTimeout, Duration retryBackoff, Breakers.Policy breaker) {
    this(name, router, targets, retries, timeout, ttftTimeout, retryBackoff, breaker, null);
  }
}
