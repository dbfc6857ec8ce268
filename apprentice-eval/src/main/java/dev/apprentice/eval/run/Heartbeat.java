package dev.apprentice.eval.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stores a run's heartbeat every {@code every} while the run is being run here, so that another process asked to
 * resume it can tell it is not abandoned: resuming a run that is still running would make every remaining call
 * twice, and spend twice. Each beat is a compare-and-set on the beat before it: when it fails, another process took
 * the run over (this one was paused past {@link EvalRunner#STALE_AFTER}, or a resume was forced), so this process has
 * {@link #lost} the run and stops it; its items in flight finish, and it must not write the run's status. A beat that
 * fails otherwise (the store busy) is skipped; the next one tries again. Between beats, {@link #holds} checks the same
 * before each item starts, so that a process taken over starts no further item however far its next beat is.
 */
final class Heartbeat implements AutoCloseable {

  private final ScheduledExecutorService timer;
  private final RunStore store;
  private final String runId;
  private final RunControl control;
  /** Held while a beat stores its instant and updates {@link #last}, and while {@link #holds} compares with it. */
  private final Object beating = new Object();
  private volatile boolean lost;
  /** The beat the store holds from this process: the last one whose compare-and-set succeeded. */
  private volatile Instant last;

  /** @param first the heartbeat the run holds now (the one it was created or claimed with) */
  Heartbeat(RunStore store, String runId, Clock clock, Duration every, Instant first, RunControl control) {
    this.store = store;
    this.runId = runId;
    this.control = control;
    this.last = first;
    this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "eval-heartbeat-" + runId);
      thread.setDaemon(true);
      return thread;
    });
    long millis = Math.max(1, every.toMillis());
    timer.scheduleAtFixedRate(() -> {
      try {
        synchronized (beating) {
          Instant next = now(clock);
          if (store.claim(runId, RunStatus.RUNNING, last, next)) last = next;
          else lose();
        }
      } catch (RuntimeException e) {
        // a missed beat; an exception escaping here would cancel every later one
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** A heartbeat instant as the store keeps it (milliseconds), so that the next beat's compare-and-set matches it. */
  static Instant now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** True once another process took the run over: this one must not write its status. */
  boolean lost() {
    return lost;
  }

  /**
   * Whether the run is still this process's, read from the store now (one indexed read): false once another process
   * took it over, which stops the run as a refused beat does. A check that cannot read the store is skipped as a
   * failed beat is (true): the next check or beat tries again.
   */
  boolean holds() {
    if (lost) return false;
    synchronized (beating) {
      try {
        if (store.holds(runId, last)) return true;
      } catch (RuntimeException e) {
        return true;
      }
      lose();
      return false;
    }
  }

  private void lose() {
    lost = true;
    control.stop();
    timer.shutdown();
  }
  /**
   * Stops beating, after a beat in progress has ended, and returns the heartbeat this process last stored: the run's
   * final status is written with a compare-and-set on it, so that a process that was taken over between its last
   * beat and its end cannot write over the new owner's status.
   */
  Instant stop() {
    timer.shutdown();
    try {
      // a beat blocked past this leaves `last` behind the store: the end's compare-and-set then fails, which is safe
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return last;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
