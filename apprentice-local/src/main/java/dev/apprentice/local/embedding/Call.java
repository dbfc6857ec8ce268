package dev.apprentice.local.embedding;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One caller's items waiting in a {@link MicroBatcher}: which of them have been handed to a batch, the results so far,
 * and the latch the caller waits on. The next-item cursor is moved under the batcher's lock; results are written by
 * workers into distinct slots and published by the latch.
 */
final class Call<I> {

  private final List<I> items;
  private final Object[] results;
  private final CountDownLatch done = new CountDownLatch(1);
  private int next;
  private int remaining;
  private volatile Throwable failure;

  Call(List<I> items) {
    this.items = items;
    this.results = new Object[items.size()];
    this.remaining = items.size();
  }

  /** The next up-to-{@code room} items not yet handed out. */
  MicroBatcher.Slice<I> next(int room) {
    int size = Math.min(room, items.size() - next);
    MicroBatcher.Slice<I> slice = new MicroBatcher.Slice<>(this, next, items.subList(next, next + size));
    next += size;
    return slice;
  }

  boolean hasMore() {
    return next < items.size() && failure == null;
  }

  boolean finished() {
    return done.getCount() == 0;
  }

  void complete(int start, List<?> slice) {
    synchronized (this) {
      if (failure != null) return;
      for (int i = 0; i < slice.size(); i++) results[start + i] = slice.get(i);
      remaining -= slice.size();
      if (remaining == 0) done.countDown();
    }
  }

  void fail(Throwable cause) {
    synchronized (this) {
      if (failure != null || done.getCount() == 0) return;
      failure = cause;
      done.countDown();
    }
  }

  /** Waits for every result; throws when the call failed or the waiting thread was interrupted. */
  Object[] await() {
    try {
      done.await();
    } catch (InterruptedException e) {
      fail(e);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the batch", e);
    }
    Throwable cause = failure;
    if (cause != null) throw new IllegalStateException("the batch failed: " + cause.getMessage(), cause);
    return results;
  }
}
