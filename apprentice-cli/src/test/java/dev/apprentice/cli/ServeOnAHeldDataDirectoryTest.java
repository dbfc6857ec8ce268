package dev.apprentice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.server.ApprenticeServer;
import dev.apprentice.server.DataDirServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} on a data directory that a server or an evaluation run with its own gateway holds exits 1 with one
 * line naming the holder and what to do, instead of serving beside it with a second budget ledger; a
 * {@code server.json} that nobody's lock stands behind (a crash) keeps no server out.
 */
@Timeout(60) // a regression would serve and wait forever
class ServeOnAHeldDataDirectoryTest {

  private static final long PID = ProcessHandle.current().pid();

  @TempDir
  Path dir;

  private CommandRun serve() {
    return CommandRun.of("serve", "--port", "0", "--data-dir", dir.toString());
  }

  @Test
  void aSecondServeExitsOneNamingTheRunningServersAddressAndPid() throws Exception {
    ApprenticeConfig config = ConfigLoader.defaults(Map.of()).withServer("127.0.0.1", 0).withDataDir(dir.toString());
    try (ApprenticeServer first = ApprenticeServer.start(config, Map.of(), "admin-key", Clock.systemUTC())) {

      CommandRun second = serve();

      assertThat(second.exit()).isEqualTo(1);
      assertThat(second.out()).isEmpty();
      assertThat(second.err()).isEqualTo("apprentice: another server (pid " + PID + ", http://127.0.0.1:"
          + first.port() + ") serves the data directory " + dir.toRealPath() + " (server.json): a data directory "
          + "takes one server, as each keeps the tenants' budgets and rate limits in its own process; give this one "
          + "another data directory (--data-dir, or data_dir in its config), or stop that one first"
          + System.lineSeparator());
    }
  }

  @Test
  void serveExitsOneWhileAnEvaluationRunWithItsOwnGatewayHoldsTheDirectoryNamingItsPid() throws Exception {
    try (DataDirServer.Hold run = DataDirServer.claim(dir, DataDirServer.Holder.EVAL_RUN).orElseThrow()) {

      CommandRun serve = serve();

      assertThat(serve.exit()).isEqualTo(1);
      assertThat(serve.err()).startsWith("apprentice: an evaluation run with its own gateway (apprentice eval run, "
          + "pid " + PID + ") holds the data directory " + dir.toRealPath()).hasLineCount(1);
    }
  }

  @Test
  void aServerJsonLeftByACrashedServerDoesNotKeepAServerOut() throws Exception {
    Files.writeString(dir.resolve(DataDirServer.ADDRESS_FILE), "{\"holder\":\"serve\",\"url\":\"http://127.0.0.1:1\""
        + ",\"pid\":" + PID + "}\n");
    ApprenticeConfig config = ConfigLoader.defaults(Map.of()).withServer("127.0.0.1", 0).withDataDir(dir.toString());

    try (ApprenticeServer server = ApprenticeServer.start(config, Map.of(), "admin-key", Clock.systemUTC())) {
      assertThat(DataDirServer.find(dir)).contains(new DataDirServer.Found(DataDirServer.Holder.SERVE,
          "http://127.0.0.1:" + server.port(), PID));
    }
  }
}
