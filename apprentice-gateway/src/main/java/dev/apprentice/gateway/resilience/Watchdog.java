package dev.apprentice.gateway.resilience;

import dev.apprentice.api.Cutoff;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action when a deadline passes unless cancelled first: used to close an upstream stream whose first token
 * or whose end is late, and to cut off a whole answer still being read at its try's limit ({@link #cuttingOff}),
 * which makes the blocked reader fail promptly.
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

  /** Work that reads one attempt's answer, guarding what it reads on {@code cutoff}. */
  @FunctionalInterface
  public interface CutoffWork<T, E extends Exception> {
    T run(Cutoff cutoff) throws E;
  }

  /**
   * Runs {@code work} (one try of a whole answer) with a {@link Cutoff} that is cut should it still run at
   * {@code deadlineNanos} ({@link System#nanoTime()}): a read that stalls then ends there, not at its socket's timeout.
   */
  public <T, E extends Exception> T cuttingOff(long deadlineNanos, CutoffWork<T, E> work) throws E {
    Cutoff cutoff = new Cutoff();
    Alarm alarm = after(Duration.ofNanos(deadlineNanos - System.nanoTime()), cutoff::cut);
    try {
      return work.run(cutoff);
    } finally {
      alarm.cancel();
    }
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
