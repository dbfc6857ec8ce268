package dev.apprentice.local.embedding;

import dev.apprentice.api.ClosedException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Dynamic micro-batching: calls from many threads wait in one queue; a few worker threads each take up to
 * {@code maxBatch} items from the calls at its head (a call with more items goes back to the tail, so small calls are
 * not stuck behind a large one) and pass them to the batch function together. What arrives while a batch runs forms
 * the next. A call of any size is worked through in bounded slices and answered in its own order.
 *
 * @param <I> an item, such as a text
 * @param <O> its result, such as an embedding
 */
public final class MicroBatcher<I, O> implements AutoCloseable {

  private final String name;
  private final Function<List<I>, List<O>> batchFunction;
  private final int maxBatch;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition waiting = lock.newCondition();
  private final ArrayDeque<Call<I, O>> queue = new ArrayDeque<>();
  private final List<Thread> workers = new ArrayList<>();
  private boolean closed;

  /**
   * Starts {@code workers} daemon threads named after {@code name}, which also names it in the errors of calls it
   * refuses ({@code the embedder is closed}).
   */
  public MicroBatcher(String name, Function<List<I>, List<O>> batchFunction, int maxBatch, int workers) {
    if (maxBatch < 1 || workers < 1) throw new IllegalArgumentException("maxBatch and workers must be positive");
    this.name = Objects.requireNonNull(name, "name");
    this.batchFunction = Objects.requireNonNull(batchFunction, "batchFunction");
    this.maxBatch = maxBatch;
    for (int i = 0; i < workers; i++) {
      Thread worker = Thread.ofPlatform().daemon().name(name + "-" + i).unstarted(this::work);
      this.workers.add(worker);
      worker.start();
    }
  }

  /**
   * The results of {@code items}, in order, once all of them have been through the batch function. Throws
   * {@link IllegalStateException} when the batcher is closed (before or during the call) or the function failed.
   */
  public List<O> process(List<I> items) {
    CompletableFuture<List<O>> pending = submit(items);
    try {
      return pending.get();
    } catch (InterruptedException e) {
      pending.cancel(false);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the batch", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IllegalStateException failed ? failed : new IllegalStateException(e.getCause());
    }
  }

  /**
   * Queues {@code items}: the future completes with their results, in order, or with an
   * {@link IllegalStateException} when the batcher is closed or the function failed. Cancelling it (its caller's
   * deadline passed, or its caller left) drops the items no batch has taken yet; a batch already running with some of
   * them finishes, and their results are discarded.
   */
  public CompletableFuture<List<O>> submit(List<I> items) {
    if (items.isEmpty()) return CompletableFuture.completedFuture(List.of());
    Call<I, O> call = new Call<>(List.copyOf(items));
    lock.lock();
    try {
      if (closed) throw new ClosedException("the " + name + " is closed");
      queue.addLast(call);
      waiting.signal();
    } finally {
      lock.unlock();
    }
    return call.future();
  }

  /** Calls waiting in the queue (not counting slices a worker has already taken). */
  int queuedCalls() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  private void work() {
    while (true) {
      List<Slice<I, O>> batch = take();
      if (batch == null) return;
      List<I> items = new ArrayList<>();
      for (Slice<I, O> slice : batch) items.addAll(slice.items());
      List<O> results;
      try {
        results = batchFunction.apply(items);
        if (results.size() != items.size()) {
          throw new IllegalStateException(results.size() + " results for " + items.size() + " items");
        }
      } catch (Throwable e) {
        for (Slice<I, O> slice : batch) slice.call().fail(e);
        continue;
      }
      int offset = 0;
      for (Slice<I, O> slice : batch) {
        slice.call().complete(slice.start(), results.subList(offset, offset + slice.size()));
        offset += slice.size();
      }
    }
  }

  /** The next batch: up to {@code maxBatch} items from the calls at the head of the queue; null once closed. */
  private List<Slice<I, O>> take() {
    lock.lock();
    try {
      while (queue.isEmpty() && !closed) waiting.awaitUninterruptibly();
      if (queue.isEmpty()) return null;
      List<Slice<I, O>> batch = new ArrayList<>();
      int room = maxBatch;
      while (room > 0 && !queue.isEmpty()) {
        Call<I, O> call = queue.pollFirst();
        if (call.finished()) continue;
        Slice<I, O> slice = call.next(room);
        batch.add(slice);
        room -= slice.size();
        if (call.hasMore()) queue.addLast(call);
      }
      if (!queue.isEmpty()) waiting.signal();
      return batch.isEmpty() ? take() : batch;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops taking calls, at once: queued calls fail with a {@link ClosedException}, batches already running finish,
   * and then the workers end. Returns without waiting for them.
   */
  public void stop() {
    lock.lock();
    try {
      if (closed) return;
      closed = true;
      ClosedException reason = new ClosedException("the " + name + " was closed before the call finished");
      for (Call<I, O> call : queue) call.fail(reason);
      queue.clear();
      waiting.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** {@link #stop}, then waits for the workers to end, up to a minute for all of them together. */
  @Override
  public void close() {
    stop();
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    for (Thread worker : workers) {
      try {
        if (!worker.join(Duration.ofNanos(Math.max(0, end - System.nanoTime())))) return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Consecutive items of one call, starting at {@code start}. */
  record Slice<I, O>(Call<I, O> call, int start, List<I> items) {
    int size() {
      return items.size();
    }
  }
}
