package dev.apprentice.local.embedding;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One caller's items waiting in a {@link MicroBatcher}: which of them have been handed to a batch, the results so far,
 * and the future the caller waits on. The next-item cursor is moved under the batcher's lock; results are written by
 * workers into distinct slots and published by the future. A future completed by anyone else — cancelled because
 * its caller stopped waiting — finishes the call: its items not yet handed out never are, and the results of those
 * running are dropped.
 */
final class Call<I, O> {

  private final List<I> items;
  private final Object[] results;
  private final CompletableFuture<List<O>> done = new CompletableFuture<>();
  private int next;
  private int remaining;

  Call(List<I> items) {
    this.items = items;
    this.results = new Object[items.size()];
    this.remaining = items.size();
  }

  /** What the caller waits on; cancelling it gives the call up. */
  CompletableFuture<List<O>> future() {
    return done;
  }

  /** The next up-to-{@code room} items not yet handed out. */
  MicroBatcher.Slice<I, O> next(int room) {
    int size = Math.min(room, items.size() - next);
    MicroBatcher.Slice<I, O> slice = new MicroBatcher.Slice<>(this, next, items.subList(next, next + size));
    next += size;
    return slice;
  }

  boolean hasMore() {
    return next < items.size() && !finished();
  }

  /** True once answered, failed, or given up by its caller. */
  boolean finished() {
    return done.isDone();
  }

  @SuppressWarnings("unchecked")
  void complete(int start, List<O> slice) {
    synchronized (this) {
      if (finished()) return;
      for (int i = 0; i < slice.size(); i++) results[start + i] = slice.get(i);
      remaining -= slice.size();
      if (remaining == 0) done.complete((List<O>) Arrays.asList(results));
    }
  }

  void fail(Throwable cause) {
    done.completeExceptionally(new IllegalStateException("the batch failed: " + cause.getMessage(), cause));
  }
}
