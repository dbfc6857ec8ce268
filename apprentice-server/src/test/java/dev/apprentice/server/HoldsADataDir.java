package dev.apprentice.server;

import java.nio.file.Path;

/**
 * A second process for {@link DataDirServerTest}: holds the data directory given as its first argument, as a server
 * on port 18080 (or, with a second argument {@code eval}, as an evaluation run with its own gateway), says
 * {@code held}, and waits to be killed (as a holder that crashes would be).
 */
public final class HoldsADataDir {

  private HoldsADataDir() {}

  public static void main(String[] args) throws InterruptedException {
    boolean evaluation = args.length > 1 && "eval".equals(args[1]);
    DataDirServer.Hold hold;
    try {
      hold = DataDirServer.claim(Path.of(args[0]),
          evaluation ? DataDirServer.Holder.EVAL_RUN : DataDirServer.Holder.SERVE).orElse(null);
    } catch (DataDirServer.HeldElsewhere e) {
      hold = null;
    }
    if (hold == null) {
      System.out.println("not held");
      return;
    }
    if (!evaluation) hold.serving("0.0.0.0", 18080);
    System.out.println("held");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
