package dev.apprentice.server.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies that the model calls in flight may hold at once ({@code server.max_inflight_body_mb},
 * by default a share of the heap): each call takes its body's bytes before they are read and gives them back as its
 * answer starts to leave (a stream: at its end). A call that finds the budget empty is let in whatever its size, so
 * that a body up to {@code server.max_body_bytes} is always served on its own; past that, a body that does not fit
 * what is left is refused. One atomic add per take and per give.
 */
final class BodyBudget {

  private final long limit;
  private final AtomicLong held = new AtomicLong();

  /** @param limit the most bytes held at once, at least 1 */
  BodyBudget(long limit) {
    if (limit < 1) throw new IllegalArgumentException("the body budget must be at least one byte");
    this.limit = limit;
  }

  /** Takes {@code bytes}; false (nothing taken) when they do not fit beside what other calls hold. */
  boolean take(long bytes) {
    long now = held.addAndGet(bytes);
    if (now <= limit || now == bytes) return true;
    held.addAndGet(-bytes);
    return false;
  }

  void give(long bytes) {
    held.addAndGet(-bytes);
  }

  /** The bytes held now. */
  long held() {
    return held.get();
  }

  long limit() {
    return limit;
  }
}
