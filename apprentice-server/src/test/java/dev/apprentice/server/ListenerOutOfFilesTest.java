package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The failure the watch is for, for real: a process out of open files when a connection arrives. Helidon's listener
 * fails to accept it and stops for good (its socket closed, the process running on); once files are free again, the
 * server notices that its port refuses connections and ends the process, for a supervisor to restart.
 */
@EnabledOnOs(OS.LINUX)
class ListenerOutOfFilesTest {

  @Test
  void aServerWhoseListenerStopsForLackOfFilesEndsItsProcess() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // a bounded number of files to use up, whatever this machine allows; kept by the JVM (-XX:-MaxFDLimit)
    Process server = new ProcessBuilder("bash", "-c", "ulimit -Sn 2048 2>/dev/null; exec \"$0\" -XX:-MaxFDLimit"
        + " -cp \"$1\" " + OutOfFilesServer.class.getName(), java, System.getProperty("java.class.path")).start();
    List<String> log = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> stopLogged = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> new BufferedReader(new InputStreamReader(server.getErrorStream(),
        StandardCharsets.UTF_8)).lines().forEach(line -> {
          log.add(line);
          if (line.contains("this server socket is terminating now")) stopLogged.complete(null);
        }));
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String ready = out.readLine();
      assertThat(ready).as("server log: %s", log).startsWith("ready ");

      try (Socket arriving = new Socket("127.0.0.1", Integer.parseInt(ready.substring("ready ".length())))) {
        stopLogged.get(60, TimeUnit.SECONDS); // Helidon could not accept it: no file left for the socket
      }
      OutputStream commands = server.getOutputStream();
      commands.write("give the files back\n".getBytes(StandardCharsets.UTF_8));
      commands.flush();

      assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("ended; log: %s", log).isTrue();
      assertThat(server.exitValue()).isEqualTo(OutOfFilesServer.LISTENER_STOPPED);
      assertThat(String.join("\n", log)).contains("Too many open files").contains("has stopped: connections are refused");
    } finally {
      server.destroyForcibly();
    }
  }
}
