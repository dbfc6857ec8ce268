package dev.apprentice.server.http;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import io.helidon.webserver.http.Handler;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load shedding ({@code server.max_concurrent_calls}): at most that many model calls are served at once, a stream
 * holding its place until its last event; a call past the limit is answered at once with 503 {@code overloaded} and
 * {@code Retry-After: 1} (OpenAI's SDKs retry such answers with backoff) instead of queueing behind the others until
 * memory or the upstreams give out. Shed calls are counted, not traced: they never became calls. Unlimited by default.
 */
public final class CallAdmission {

  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final int limit;
  private final Semaphore places;
  private final LongAdder shed = new LongAdder();

  /** @param limit the most calls at once; 0 for no limit */
  public CallAdmission(int limit) {
    if (limit < 0) throw new IllegalArgumentException("limit must not be negative");
    this.limit = limit;
    this.places = limit == 0 ? null : new Semaphore(limit);
  }

  /** {@code handler} behind the limit. */
  public Handler admit(Handler handler) {
    if (places == null) return handler;
    return (req, res) -> {
      if (!places.tryAcquire()) {
        shed.increment();
        ErrorResponses.send(res, new GatewayException(ErrorCode.OVERLOADED, "The gateway is serving its limit of "
            + limit + " concurrent calls (server.max_concurrent_calls); retry shortly", null, RETRY_AFTER));
        return;
      }
      Place place = new Place(places);
      req.context().register(place);
      try {
        handler.handle(req, res);
      } finally {
        place.release();
      }
    };
  }

  /**
   * A call's place, given back once: when its handler returns, or earlier by the handler itself, before it sends a
   * stream's end (the handler then reads the rest of the upstream's body, and a client that saw the end must find
   * the place free).
   */
  public static final class Place {
    private final Semaphore places;
    private final AtomicBoolean held = new AtomicBoolean(true);

    Place(Semaphore places) {
      this.places = places;
    }

    /** Gives the place back (once). */
    public void release() {
      if (held.compareAndSet(true, false)) places.release();
    }
  }

  /** Calls answered 503 {@code overloaded} since start. */
  public long shed() {
    return shed.sum();
  }
}
