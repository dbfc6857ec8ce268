package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A serving server records itself in its data directory (a lock held while it runs, its address beside it), so that
 * another process on the directory finds it; a server that stops or dies is not found.
 */
class DataDirServerTest {

  private static final String CONFIG = """
      providers:
        sim: { type: simulator }
      models:
        echo: { targets: [ { provider: sim, model: sim-echo } ] }
      """;

  private final Path dataDir = TempDirs.create();
  private final ApprenticeConfig config = Gateways.onAnyFreePort(ConfigLoader.parse(CONFIG, Map.of()), dataDir);

  @Test
  void aServingServerIsFoundAtItsAddressUntilItStops() {
    try (ApprenticeServer server = ApprenticeServer.start(config, Map.of(), "admin-key", Clock.systemUTC())) {
      assertThat(DataDirServer.find(dataDir)).contains(new DataDirServer.Found("http://127.0.0.1:" + server.port(),
          ProcessHandle.current().pid()));
      assertThat(dataDir.resolve(DataDirServer.ADDRESS_FILE)).content().contains("\"url\":\"http://127.0.0.1:"
          + server.port() + "\"");
    }

    assertThat(DataDirServer.find(dataDir)).isEmpty();
    assertThat(dataDir.resolve(DataDirServer.ADDRESS_FILE)).doesNotExist();
  }

  @Test
  void anEvaluationsGatewayRegistersNothing() {
    try (ApprenticeServer evaluation = ApprenticeServer.startForEvaluation(config, null)) {
      assertThat(DataDirServer.find(dataDir)).isEmpty();
    }
  }

  @Test
  void aServerInAnotherProcessIsFoundAndOnceThatProcessIsKilledItsLeftoverAddressIsIgnoredAndRemoved()
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        HoldsADataDir.class.getName(), dataDir.toString()).redirectErrorStream(true).start();
    try {
      BufferedReader said = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
      assertThat(said.readLine()).isEqualTo("held");

      assertThat(DataDirServer.find(dataDir)).contains(new DataDirServer.Found("http://127.0.0.1:18080", other.pid()));
    } finally {
      other.destroyForcibly();
      assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(dataDir.resolve(DataDirServer.ADDRESS_FILE)).as("left by the killed process").exists();
    assertThat(DataDirServer.find(dataDir)).isEmpty();
    assertThat(dataDir.resolve(DataDirServer.ADDRESS_FILE)).doesNotExist();
  }

  @Test
  void aLeftoverAddressWithNoServerHoldingTheDirectoryIsNotAServer() throws Exception {
    Files.writeString(dataDir.resolve(DataDirServer.LOCK_FILE), "");
    Files.writeString(dataDir.resolve(DataDirServer.ADDRESS_FILE), "{\"url\":\"http://127.0.0.1:1\",\"pid\":1}\n");

    assertThat(DataDirServer.find(dataDir)).isEmpty();
  }

  @Test
  void aServerBoundToEveryAddressIsReachedOnLoopback() {
    assertThat(DataDirServer.url("0.0.0.0", 8080)).isEqualTo("http://127.0.0.1:8080");
    assertThat(DataDirServer.url("::", 8080)).isEqualTo("http://[::1]:8080");
    assertThat(DataDirServer.url("10.0.0.5", 8080)).isEqualTo("http://10.0.0.5:8080");
  }
}
