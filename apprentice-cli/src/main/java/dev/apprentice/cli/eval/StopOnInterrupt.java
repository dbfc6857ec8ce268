package dev.apprentice.cli.eval;

import dev.apprentice.eval.run.RunControl;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C does to {@code eval run}: the JVM runs this shutdown hook, which stops new items from starting, then
 * holds the exit until the items in flight are stored and the run has ended (at most {@code runLimit}), then until
 * the summary and the HTML report are written (at most {@code reportLimit}). Items still in flight when the first
 * limit passes are not stored: the run stays {@code running}, and a resume runs them again.
 */
final class StopOnInterrupt implements AutoCloseable {

  /** Waits for a latch, at most a limit; true when it was counted down. */
  @FunctionalInterface
  interface Waits {
    boolean await(CountDownLatch latch, Duration limit) throws InterruptedException;
  }

  static final Duration RUN_LIMIT = Duration.ofSeconds(60);
  static final Duration REPORT_LIMIT = Duration.ofSeconds(30);

  private final RunControl control;
  private final PrintWriter err;
  private final Waits waits;
  private final CountDownLatch runEnded = new CountDownLatch(1);
  private final CountDownLatch done = new CountDownLatch(1);
  private Thread hook;

  StopOnInterrupt(RunControl control, PrintWriter err, Waits waits) {
    this.control = control;
    this.err = err;
    this.waits = waits;
  }

  /** Installed as a shutdown hook, waiting on real time. */
  static StopOnInterrupt install(RunControl control, PrintWriter err) {
    StopOnInterrupt stop = new StopOnInterrupt(control, err,
        (latch, limit) -> latch.await(limit.toMillis(), TimeUnit.MILLISECONDS));
    stop.hook = new Thread(stop::onShutdown, "eval-interrupt");
    Runtime.getRuntime().addShutdownHook(stop.hook);
    return stop;
  }

  /** The runner returned: every item it started is stored and the run's status is written. */
  void runEnded() {
    runEnded.countDown();
  }

  /** What the hook does when the JVM is asked to exit. */
  void onShutdown() {
    control.stop();
    try {
      if (!waits.await(runEnded, RUN_LIMIT)) {
        err.println("eval: items still in flight after " + RUN_LIMIT.toSeconds() + " s are not stored; the run stays "
            + "'running': resume it (--resume RUN_ID, see 'apprentice eval list') to run them again");
        err.flush();
        return;
      }
      waits.await(done, REPORT_LIMIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The command is done with the run (summary and report written, or it failed): the exit need not wait. */
  @Override
  public void close() {
    runEnded.countDown();
    done.countDown();
    if (hook == null) return;
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting (Ctrl-C): the hook is running and has just been released
    }
  }
}
