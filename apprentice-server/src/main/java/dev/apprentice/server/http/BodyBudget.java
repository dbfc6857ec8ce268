package dev.apprentice.server.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies that the model calls in flight may hold at once ({@code server.max_inflight_body_mb},
 * by default a share of the heap): each call takes its body's bytes before they are read and gives them back as its
 * answer starts to leave (a stream: at its end). A call that finds the budget empty is let in whatever its size, so
 * that a body up to {@code server.max_body_bytes} is always served on its own; past that, a body that does not fit
 * what is left is refused; a chunked body read a piece at a time counts as alone while the others hold nothing, its
 * own earlier pieces aside. One compare-and-set per take (retried if another call moved first), one add per give.
 */
final class BodyBudget {

  private final long limit;
  private final AtomicLong held = new AtomicLong();

  /** @param limit the most bytes held at once, at least 1 */
  BodyBudget(long limit) {
    if (limit < 1) throw new IllegalArgumentException("the body budget must be at least one byte");
    this.limit = limit;
  }

  /**
   * Takes {@code bytes} more for a call that holds {@code mine} already (a chunked body's earlier pieces); false,
   * taking nothing, when they do not fit beside what the other calls hold. A call alone — the others hold nothing — is
   * let in whatever its size. Compare-and-set: a call is never refused for bytes another took only to give back.
   */
  boolean take(long bytes, long mine) {
    while (true) {
      long now = held.get();
      if (now + bytes > limit && now != mine) return false;
      if (held.compareAndSet(now, now + bytes)) return true;
    }
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
