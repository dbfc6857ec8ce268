package dev.apprentice.gateway;

import dev.apprentice.gateway.routing.ModelRoute;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The state of one gateway call as it moves through the pipeline: which model it routes to, its deadline, the
 * attempts made so far, and how much time was spent waiting on upstreams (the rest is gateway overhead).
 * Mutated only by the thread serving the call.
 */
public final class Call {

  private final String traceId;
  private final ModelRoute route;
  private final long startNanos;
  private final long deadlineNanos;
  private final Map<String, String> headers;
  private final List<Attempt> attempts = new ArrayList<>(2);
  private long upstreamNanos;
  private long waitNanos;
  private String servedBy;
  private String cacheStatus = "miss";

  public Call(String traceId, ModelRoute route, long startNanos, Map<String, String> headers) {
    this.traceId = traceId;
    this.route = route;
    this.startNanos = startNanos;
    this.deadlineNanos = startNanos + route.timeout().toNanos();
    this.headers = headers;
  }

  public String traceId() {
    return traceId;
  }

  public ModelRoute route() {
    return route;
  }

  public String model() {
    return route.name();
  }

  public long startNanos() {
    return startNanos;
  }

  public long deadlineNanos() {
    return deadlineNanos;
  }

  /** Request headers the client sent (lower-case names); read-only. */
  public Map<String, String> headers() {
    return headers;
  }

  public List<Attempt> attempts() {
    return Collections.unmodifiableList(attempts);
  }

  public void recordAttempt(Attempt attempt) {
    attempts.add(attempt);
    upstreamNanos += attempt.latencyNanos();
  }

  /** Time deliberately spent waiting (backoff, Retry-After): neither upstream time nor overhead. */
  public void recordWait(long nanos) {
    waitNanos += nanos;
  }

  public String servedBy() {
    return servedBy;
  }

  public void servedBy(String target) {
    this.servedBy = target;
  }

  public String cacheStatus() {
    return cacheStatus;
  }

  public void cacheStatus(String status) {
    this.cacheStatus = status;
  }

  /** Time spent inside the gateway so far, excluding upstream time and deliberate waits. */
  public long overheadNanos(long nowNanos) {
    return Math.max(0, nowNanos - startNanos - upstreamNanos - waitNanos);
  }

  public long upstreamNanos() {
    return upstreamNanos;
  }
}
