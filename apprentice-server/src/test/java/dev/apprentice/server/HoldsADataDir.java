package dev.apprentice.server;

import java.nio.file.Path;

/**
 * A second process for {@link DataDirServerTest}: registers as the server of the data directory given as its first
 * argument, says {@code held}, and waits to be killed (as a server that crashes would be).
 */
public final class HoldsADataDir {

  private HoldsADataDir() {}

  public static void main(String[] args) throws InterruptedException {
    if (DataDirServer.register(Path.of(args[0]), "0.0.0.0", 18080).isEmpty()) {
      System.out.println("not held");
      return;
    }
    System.out.println("held");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
