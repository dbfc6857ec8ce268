package dev.apprentice.eval.run;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stores a run's heartbeat every {@code every} while the run is being run here, so that another process asked to
 * resume it can tell it is not abandoned: resuming a run that is still running would make every remaining call
 * twice, and spend twice. A beat that fails (the store busy) is skipped; the next one tries again.
 */
final class Heartbeat implements AutoCloseable {

  private final ScheduledExecutorService timer;

  Heartbeat(RunStore store, String runId, Clock clock, Duration every) {
    this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "eval-heartbeat-" + runId);
      thread.setDaemon(true);
      return thread;
    });
    long millis = Math.max(1, every.toMillis());
    timer.scheduleAtFixedRate(() -> {
      try {
        store.heartbeat(runId, clock.instant());
      } catch (RuntimeException e) {
        // a missed beat; an exception escaping here would cancel every later one
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
