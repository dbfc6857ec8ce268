package dev.apprentice.server.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests whose handlers are running, so that closing the server can wait for them to end before it
 * closes the trace writer. Helidon's stop returns once its grace period is over, having interrupted the handlers still
 * running (a long stream, a call waiting on a slow upstream); each then ends its call — traced as cut short — a moment
 * later. Closing the writer at once dropped those traces: calls the upstream had been sent, and may bill, without a
 * record.
 *
 * <p>Every request passes here, twice: a striped count ({@link LongAdder}), no lock and no one shared word (a monitor
 * would queue every handler of a busy server on it, and one atomic counter would bounce its cache line between every
 * core twice per request, as {@code CallsInFlight} avoids for calls without a limit). Only the wait at shutdown, when
 * no request starts any more, adds it up, and polls.
 */
public final class RequestsInFlight implements Filter {

  /** How often a shutdown looks again for the handlers still running. */
  private static final long POLL_MS = 10;

  private final LongAdder running = new LongAdder();

  @Override
  public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
    running.increment();
    try {
      chain.proceed();
    } finally {
      running.decrement();
    }
  }

  /** Waits until no handler runs, or {@code atMost} has passed; true when none runs. */
  public boolean awaitNone(Duration atMost) throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (running.sum() > 0) {
      if (deadline - System.nanoTime() <= 0) return false;
      Thread.sleep(POLL_MS);
    }
    return true;
  }
}
