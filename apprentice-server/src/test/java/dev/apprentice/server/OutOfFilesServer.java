package dev.apprentice.server;

import dev.apprentice.gateway.config.ConfigLoader;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A server that runs out of open files, in a JVM of its own ({@link ListenerOutOfFilesTest}): it starts, asks to be
 * told when its listener stops (by exiting with status 3, as {@code apprentice serve} exits with 1), opens files until
 * none are left and says {@code ready PORT}; a line on standard input gives them back.
 */
final class OutOfFilesServer {

  static final int LISTENER_STOPPED = 3;

  private OutOfFilesServer() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    ApprenticeServer server = ApprenticeServer.start(Gateways.onAnyFreePort(ConfigLoader.parse("""
        providers:
          sim: { type: simulator }
        models:
          echo: { targets: [ { provider: sim, model: sim-echo } ] }
        """, Map.of())), Map.of(), "admin-key-for-out-of-files", Clock.systemUTC());
    server.onListenerStopped(() -> Runtime.getRuntime().halt(LISTENER_STOPPED), Duration.ofMillis(200));
    // one call first, so that every class that serves one is loaded: with no file left, none could be read
    try (RawConnection call = new RawConnection(server)) {
      call.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").untilClosed();
    }
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    List<FileInputStream> hoard = new ArrayList<>();
    try {
      while (true) hoard.add(new FileInputStream("/dev/null"));
    } catch (IOException noneLeft) {
      System.out.println("ready " + server.port());
      System.out.flush();
    }
    commands.readLine();
    for (FileInputStream file : hoard) file.close();
    Thread.sleep(60_000); // the watch ends the process long before
    System.exit(0);
  }
}
