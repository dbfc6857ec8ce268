package dev.apprentice.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a server command running until SIGTERM or Ctrl-C, then closes the server and exits 0: the stop was asked for,
 * and the JVM's own exit status for it (143, 130: 128 plus the signal) reads as a failure to a supervisor (systemd
 * marks the unit failed). While a process serves, {@code main} must not call {@link System#exit} after the command
 * returns (that would block inside the shutdown hooks).
 */
final class UntilStopped {

  private static volatile boolean serving;

  private UntilStopped() {}

  static boolean serving() {
    return serving;
  }

  /**
   * Runs {@code announce} (the banner a caller, or a script, waits for before it may stop the process) once a stop
   * would close the server and exit 0, then waits for the stop.
   */
  static void await(AutoCloseable server, String name, Runnable announce) throws InterruptedException {
    serving = true;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        System.err.println("apprentice: " + OneLine.of(e));
      }
      stopped.countDown();
    }, name + "-shutdown"));
    exitZeroOn("TERM");
    exitZeroOn("INT");
    announce.run();
    stopped.await();
  }

  /**
   * The signal ends the process as the JVM's own handler does (the shutdown hooks run: calls in flight end, traces
   * are written), with status 0. A second signal while the hooks run waits with them, as it does by default. A signal
   * the process was started to ignore (Ctrl-C in a background job of a script) is left ignored. {@code sun.misc.Signal}
   * (jdk.unsupported, kept for such uses) is the only way to choose a signal's exit status.
   */
  private static void exitZeroOn(String name) {
    try {
      sun.misc.Signal signal = new sun.misc.Signal(name);
      sun.misc.SignalHandler previous = sun.misc.Signal.handle(signal, received -> System.exit(0));
      if (previous == sun.misc.SignalHandler.SIG_IGN) sun.misc.Signal.handle(signal, previous);
    } catch (IllegalArgumentException notHandledHere) {
      // a JVM started with -Xrs, or a platform without the signal: the JVM's own handling stays
    }
  }
}
