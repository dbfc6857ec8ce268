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
import java.util.concurrent.atomic.AtomicLong;
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
 *
 * <p>Memory is bounded the same way, and by default ({@code server.max_inflight_body_mb}, else a share of the heap:
 * {@link BodyBudget}): a call takes its body's bytes before they are read — all at once when a {@code Content-Length}
 * gives them, a piece at a time as a chunked body grows ({@link RequestBodies}) — and gives them back with its place.
 * A body that does not fit is refused unread with the same 503 {@code overloaded}, and its connection closed, rather
 * than read into a heap that a burst of large bodies would exhaust (each call holds its body several times over: the
 * bytes, the parsed request, the upstream's copy).
 */
public final class CallAdmission {

  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final int limit;
  private final Semaphore places;
  private final BodyBudget bodies;
  private final LongAdder shed = new LongAdder();
  private final LongAdder shedBodies = new LongAdder();

  /**
   * @param limit      the most calls at once; 0 for no limit
   * @param bodyBudget the most bytes of request bodies the calls being served may hold at once, at least 1
   */
  public CallAdmission(int limit, long bodyBudget) {
    if (limit < 0) throw new IllegalArgumentException("limit must not be negative");
    this.limit = limit;
    this.places = limit == 0 ? null : new Semaphore(limit);
    this.bodies = new BodyBudget(bodyBudget);
  }

  /**
   * {@code handler} behind the limit: it must call {@link #enter} once it has read the body, and the place it took is
   * given back as its answer starts to leave (a stream's: see {@link #holdThroughStream}), or when it returns.
   */
  public Handler admit(Handler handler) {
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

  /** The request's place, where it is behind the admission; {@link RequestBodies} takes its body's bytes through it. */
  static Optional<Place> placeOf(ServerRequest req) {
    return req.context().get(Place.class);
  }

  /**
   * True when the request was refused because its body did not fit the body budget: its 503 is no call's refusal, so
   * the handler sends it untraced and uncounted but for {@code apprentice_calls_shed_total}, as a shed call's.
   */
  public static boolean shedForItsBody(ServerRequest req) {
    return placeOf(req).map(place -> place.shedForItsBody).orElse(false);
  }

  /**
   * Answers a request refused for its body's size ({@link #shedForItsBody}): the 503 without a trace id, since
   * nothing is traced. The refusal closes the connection: the rest of the body was not read.
   */
  public static void sendShed(ServerResponse res, GatewayException refusal) {
    res.headers().remove(ApprenticeHeaders.TRACE_ID);
    ErrorResponses.send(res, refusal);
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
    private final AtomicLong bodyBytes = new AtomicLong();
    private volatile boolean streaming;
    private volatile boolean shedForItsBody;

    Place(CallAdmission admission) {
      this.admission = admission;
    }

    private boolean take() {
      if (admission.places == null) return true;
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

    /**
     * Takes {@code bytes} more of the body budget for the body about to be read. Null when they fit; else the
     * refusal to throw (closing the connection, unless RequestBodies reads the rest of the body first), counted as a
     * shed call.
     */
    GatewayException takeBody(long bytes) {
      if (admission.bodies.take(bytes, bodyBytes.get())) {
        bodyBytes.addAndGet(bytes);
        return null;
      }
      shedForItsBody = true;
      admission.shedBodies.increment();
      return new UnreadableBody(new GatewayException(ErrorCode.OVERLOADED, "The request bodies of the calls being "
          + "served hold the gateway's limit of " + mebibytes(admission.bodies.limit())
          + " (server.max_inflight_body_mb); retry shortly", null, RETRY_AFTER));
    }

    /** Gives back bytes taken for a body that turned out shorter (a chunked body's last piece). */
    void giveBody(long bytes) {
      bodyBytes.addAndGet(-bytes);
      admission.bodies.give(bytes);
    }

    /** Gives the place and the body's bytes back (once); nothing when none were taken. */
    public void release() {
      if (held.compareAndSet(true, false)) admission.places.release();
      long bytes = bodyBytes.getAndSet(0);
      if (bytes != 0) admission.bodies.give(bytes);
    }
  }

  private static String mebibytes(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1_048_576.0);
  }

  /** Calls answered 503 {@code overloaded} since start because {@code server.max_concurrent_calls} were served. */
  public long shed() {
    return shed.sum();
  }

  /** Calls answered 503 {@code overloaded} since start because their bodies did not fit the body budget. */
  public long shedForBodies() {
    return shedBodies.sum();
  }

  /** The bytes of request bodies the calls in flight hold now. */
  public long bodyBytesHeld() {
    return bodies.held();
  }
}
