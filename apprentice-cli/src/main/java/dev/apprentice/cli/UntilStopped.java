package dev.apprentice.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a server command running until SIGTERM or Ctrl-C, then closes the server. While a process serves, {@code main}
 * must not call {@link System#exit} after the command returns (that would block inside the shutdown hooks).
 */
final class UntilStopped {

  private static volatile boolean serving;

  private UntilStopped() {}

  static boolean serving() {
    return serving;
  }

  static void await(AutoCloseable server, String name) throws InterruptedException {
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
    stopped.await();
  }
}
