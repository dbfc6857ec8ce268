package dev.apprentice.server.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Duration;

/**
 * Counts the requests whose handlers are running, so that closing the server can wait for them to end before it
 * closes the trace writer. Helidon's stop returns once its grace period is over, having interrupted the handlers still
 * running (a long stream, a call waiting on a slow upstream); each then ends its call — traced as cut short — a moment
 * later. Closing the writer at once dropped those traces: calls the upstream had been sent, and may bill, without a
 * record.
 */
public final class RequestsInFlight implements Filter {

  private int running;

  @Override
  public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
    synchronized (this) {
      running++;
    }
    try {
      chain.proceed();
    } finally {
      synchronized (this) {
        if (--running == 0) notifyAll();
      }
    }
  }

  /** Waits until no handler runs, or {@code atMost} has passed; true when none runs. */
  public synchronized boolean awaitNone(Duration atMost) throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (running > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return false;
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
