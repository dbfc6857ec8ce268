package dev.apprentice.gateway.resilience;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action when a deadline passes unless cancelled first: used to close an upstream stream whose first token
 * or whose end is late, which makes the blocked reader fail promptly.
 */
public final class Watchdog implements AutoCloseable {

  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(r, "apprentice-watchdog");
    t.setDaemon(true);
    return t;
  });

  public Watchdog() {
    // most alarms are cancelled long before they are due (a call's deadline): drop them at once, or the queue holds
    // every call of the last minute
    timer.setRemoveOnCancelPolicy(true);
  }

  /** A scheduled action; {@link #cancel()} returns true when it was cancelled before firing. */
  public interface Alarm {
    boolean cancel();
  }

  public Alarm after(Duration delay, Runnable action) {
    var state = new java.util.concurrent.atomic.AtomicBoolean();
    // the action runs on a virtual thread of its own: closing a stream that has ended reads the rest of its body
    // (for connection reuse), which an upstream can hold open, and the one timer thread serves every call's alarms
    ScheduledFuture<?> future = timer.schedule(() -> {
      if (state.compareAndSet(false, true)) Thread.startVirtualThread(action);
    }, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    return new Alarm() {
      @Override
      public boolean cancel() {
        boolean won = state.compareAndSet(false, true);
        if (won) future.cancel(false);
        return won;
      }

    };
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
