package dev.apprentice.eval.run;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Runs tasks on virtual threads, at most {@code concurrency} at once, stopping early (items in flight still finish)
 * when the run is stopped, the budget does not allow the next item, a rate limit refused too many items of a variant
 * in a row ({@link RateLimitStreaks}), storing a result failed, or the run is no longer this process's: ownership is
 * checked just before each item starts, so a run another process took over starts no further item here.
 */
final class TaskPool {

  /**
   * Why a batch of tasks stopped: not early, stopped (or taken over), at the budget cap, or for a variant that a rate
   * limit refused {@link RateLimitStreaks#limit} times in a row (also when that happened after the batch's last item
   * started: the run is to go no further, as more items would meet the same refusals).
   */
  enum Stop { NONE, STOPPED, BUDGET, RATE_LIMITED }

  private final ItemExecutor executor;
  private final RunStore store;
  private final Spend spend;
  private final Progress progress;
  private final RunControl control;
  private final int concurrency;
  private final BooleanSupplier owned;
  private final AtomicInteger ran = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger refusedByLimits = new AtomicInteger();
  private final AtomicReference<Throwable> storeFailure = new AtomicReference<>();
  private final RateLimitStreaks streaks;

  /** @param owned whether the run is still this process's, asked before each item starts ({@link Heartbeat#holds}) */
  TaskPool(ItemExecutor executor, RunStore store, Spend spend, Progress progress, RunControl control, int concurrency,
      BooleanSupplier owned) {
    this.owned = owned;
    this.executor = executor;
    this.store = store;
    this.spend = spend;
    this.progress = progress;
    this.control = control;
    this.concurrency = concurrency;
    this.streaks = new RateLimitStreaks(concurrency);
  }

  /** Runs the tasks and waits for those it started. */
  Stop run(List<Task> tasks) {
    Stop stop = Stop.NONE;
    Semaphore permits = new Semaphore(concurrency);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Task task : tasks) {
        Spend.Hold hold;
        try {
          permits.acquire();
          hold = ending() ? null : spend.reserve(task, this::ending);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stop = Stop.STOPPED;
          break;
        }
        if (hold != null && !owned.getAsBoolean()) {
          // taken over while this item waited for its place or its reservation: the new owner runs it
          spend.settle(hold, null);
          hold = null;
        }
        if (hold == null) {
          permits.release();
          stop = stopping() ? Stop.STOPPED : rateLimited() != null ? Stop.RATE_LIMITED : Stop.BUDGET;
          break;
        }
        Spend.Hold held = hold;
        threads.submit(() -> runOne(held, permits));
      }
    }
    if (stop == Stop.NONE && rateLimited() != null) stop = Stop.RATE_LIMITED;
    Throwable failure = storeFailure.get();
    if (failure instanceof RuntimeException e) throw e;
    if (failure != null) throw new IllegalStateException("storing an item result failed: " + failure, failure);
    return stop;
  }

  private boolean stopping() {
    return control.stopped() || storeFailure.get() != null;
  }

  /** Whether the next item must not start: the run is stopping, or a rate limit stopped it. */
  private boolean ending() {
    return stopping() || rateLimited() != null;
  }

  /** The refusals in a row that stopped the run for a rate limit ({@link Stop#RATE_LIMITED}); null while none did. */
  RateLimitStreaks.Streak rateLimited() {
    return streaks.reached();
  }

  private void runOne(Spend.Hold hold, Semaphore permits) {
    ItemResult result = null;
    try {
      result = executor.execute(hold.task().variant(), hold.task().item());
      store.saveItem(result);
      streaks.ended(result);
      ran.incrementAndGet();
      if (result.refusedByLimits()) refusedByLimits.incrementAndGet();
      else if (!result.succeeded()) failed.incrementAndGet();
      try {
        progress.itemDone(result);
      } catch (RuntimeException ignored) {
        // a progress listener's failure must not fail the run
      }
    } catch (Throwable e) {
      storeFailure.compareAndSet(null, e);
    } finally {
      spend.settle(hold, result);
      permits.release();
    }
  }

  int ran() {
    return ran.get();
  }

  /** Item calls that failed, less those the gateway refused for a budget or rate limit ({@link #refusedByLimits}). */
  int failed() {
    return failed.get();
  }

  /** Item calls the gateway refused for a key's or tenant's limits ({@link ItemResult#refusedByLimits}). */
  int refusedByLimits() {
    return refusedByLimits.get();
  }
}
