package dev.apprentice.server.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests whose handlers are running, so that closing the server can wait for them to end before it
 * closes the trace writer. Helidon's stop returns once its grace period is over, having interrupted the handlers still
 * running (a long stream, a call waiting on a slow upstream); each then ends its call — traced as cut short — a moment
 * later. Closing the writer at once dropped those traces: calls the upstream had been sent, and may bill, without a
 * record.
 *
 * <p>Every request passes here: an atomic count, no lock (one shared monitor would have every handler of a busy
 * server queue on it twice per call); only the wait at shutdown polls.
 */
public final class RequestsInFlight implements Filter {

  /** How often a shutdown looks again for the handlers still running. */
  private static final long POLL_MS = 10;

  private final AtomicInteger running = new AtomicInteger();

  @Override
  public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
    running.incrementAndGet();
    try {
      chain.proceed();
    } finally {
      running.decrementAndGet();
    }
  }

  /** Waits until no handler runs, or {@code atMost} has passed; true when none runs. */
  public boolean awaitNone(Duration atMost) throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (running.get() > 0) {
      if (deadline - System.nanoTime() <= 0) return false;
      Thread.sleep(POLL_MS);
    }
    return true;
  }
}
