package dev.apprentice.server.http;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load shedding ({@code server.max_concurrent_calls}): at most that many model calls are served at once, a stream
 * holding its place until its last event; a call past the limit is answered at once with 503 {@code overloaded} and
 * {@code Retry-After: 1} (OpenAI's SDKs retry such answers with backoff) instead of queueing behind the others until
 * memory or the upstreams give out. Shed calls are counted, not traced: they never became calls. Unlimited by default.
 *
 * <p>A call takes its place only once its body has been read ({@link #enter}), not when its headers arrive: a client
 * that sends headers and then trickles its body costs a virtual thread, not a place, so a few slow (or hostile) clients
 * cannot hold every place and have every other call shed.
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

  /**
   * {@code handler} behind the limit: it must call {@link #enter} once it has read the body, and the place it took is
   * given back as its answer starts to leave (a stream's: see {@link #holdThroughStream}), or when it returns.
   */
  public Handler admit(Handler handler) {
    if (places == null) return handler;
    return (req, res) -> {
      Place place = new Place(this);
      req.context().register(place);
      // not only when the handler returns: a client that has its answer and calls again must find the place free,
      // while this handler may still be busy after the answer (its metrics; under load, waiting for a core). Helidon
      // runs the hook on send() and on outputStream(), before the first byte leaves
      res.beforeSend(place::answerLeaving);
      try {
        handler.handle(req, res);
      } finally {
        place.release();
      }
    };
  }

  /**
   * Keeps the request's place once its answer has started to leave: a stream holds it until its last event, and its
   * handler gives it back ({@link Place#release}). To be called before the stream's first byte.
   */
  public static void holdThroughStream(ServerRequest req) {
    req.context().get(Place.class).ifPresent(Place::holdThroughStream);
  }

  /**
   * Takes the request's place, to be called once its body has been read. False when every place is taken: the 503
   * {@code overloaded} has been sent, and the handler must return without answering. True at once for a request not
   * behind a limit.
   */
  public static boolean enter(ServerRequest req, ServerResponse res) {
    Optional<Place> place = req.context().get(Place.class);
    if (place.isEmpty() || place.get().take()) return true;
    place.get().admission.shed(res);
    return false;
  }

  private void shed(ServerResponse res) {
    shed.increment();
    // nothing is traced for a shed call: an id would name no trace
    res.headers().remove(ApprenticeHeaders.TRACE_ID);
    ErrorResponses.send(res, new GatewayException(ErrorCode.OVERLOADED, "The gateway is serving its limit of "
        + limit + " concurrent calls (server.max_concurrent_calls); retry shortly", null, RETRY_AFTER));
  }

  /**
   * A call's place, taken once its body has been read and given back once: as its answer starts to leave, or — a
   * stream — by the handler itself before it sends the stream's end (the handler then reads the rest of the upstream's
   * body, and a client that saw the end must find the place free), or at the latest when the handler returns.
   */
  public static final class Place {
    private final CallAdmission admission;
    private final AtomicBoolean held = new AtomicBoolean();
    private volatile boolean streaming;

    Place(CallAdmission admission) {
      this.admission = admission;
    }

    private boolean take() {
      if (!admission.places.tryAcquire()) return false;
      held.set(true);
      return true;
    }

    private void holdThroughStream() {
      streaming = true;
    }

    /** The answer starts to leave: the place goes back, unless a stream holds it to its end. */
    private void answerLeaving() {
      if (!streaming) release();
    }

    /** Gives the place back (once); nothing when it was never taken. */
    public void release() {
      if (held.compareAndSet(true, false)) admission.places.release();
    }
  }

  /** Calls answered 503 {@code overloaded} since start. */
  public long shed() {
    return shed.sum();
  }
}
