package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.testing.LogCapture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A serving server holds its data directory (a lock held while it runs, its address beside it), so that another
 * process on the directory finds it, and a second server, or one beside an evaluation run with its own gateway, is
 * refused: each would keep a budget ledger of its own. A holder that stops or dies is not found and keeps no one out.
 */
class DataDirServerTest {

  private static final String CONFIG = """
      providers:
        sim: { type: simulator }
      models:
        echo: { targets: [ { provider: sim, model: sim-echo } ] }
      """;
  private static final long PID = ProcessHandle.current().pid();

  private final Path dataDir = TempDirs.create();
  private final ApprenticeConfig config = Gateways.onAnyFreePort(ConfigLoader.parse(CONFIG, Map.of()), dataDir);

  private ApprenticeServer start() {
    return ApprenticeServer.start(config, Map.of(), "admin-key", Clock.systemUTC());
  }

  /** Another JVM holding the data directory, as a server ({@code serve}) or an evaluation run ({@code eval}). */
  private Process holdInAnotherProcess(String as) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        HoldsADataDir.class.getName(), dataDir.toString(), as).redirectErrorStream(true).start();
    BufferedReader said = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
    assertThat(said.readLine()).isEqualTo("held");
    return other;
  }

  private static void kill(Process other) throws InterruptedException {
    other.destroyForcibly();
    assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aServingServerIsFoundAtItsAddressUntilItStops() {
    try (ApprenticeServer server = start()) {
      assertThat(DataDirServer.find(dataDir)).contains(new DataDirServer.Found(DataDirServer.Holder.SERVE,
          "http://127.0.0.1:" + server.port(), PID));
      assertThat(dataDir.resolve(DataDirServer.ADDRESS_FILE)).content().contains("\"holder\":\"serve\"")
          .contains("\"url\":\"http://127.0.0.1:" + server.port() + "\"").contains("\"pid\":" + PID);
    }

    assertThat(DataDirServer.find(dataDir)).isEmpty();
    assertThat(dataDir.resolve(DataDirServer.ADDRESS_FILE)).doesNotExist();
  }

  @Test
  void anEvaluationsGatewayHoldsNothing() {
    try (ApprenticeServer evaluation = ApprenticeServer.startForEvaluation(config, null)) {
      assertThat(DataDirServer.find(dataDir)).isEmpty();
    }
  }

  @Test
  void aSecondServerOnTheDataDirectoryIsRefusedNamingTheFirstsAddressAndPidAndWhatToDo() throws Exception {
    try (ApprenticeServer first = start()) {
      assertThatThrownBy(this::start).isInstanceOf(DataDirServer.HeldElsewhere.class)
          .hasMessage("another server (pid " + PID + ", http://127.0.0.1:" + first.port() + ") serves the data "
              + "directory " + dataDir.toRealPath() + " (server.json): a data directory takes one server, as each "
              + "keeps the tenants' budgets and rate limits in its own process; give this one another data "
              + "directory (--data-dir, or data_dir in its config), or stop that one first");

      assertThat(DataDirServer.find(dataDir)).as("the first still holds it").contains(new DataDirServer.Found(
          DataDirServer.Holder.SERVE, "http://127.0.0.1:" + first.port(), PID));
    }
    start().close();
  }

  @Test
  void aServerIsRefusedWhileAnEvaluationRunWithItsOwnGatewayHoldsTheDirectoryNamingItsPid() throws Exception {
    try (DataDirServer.Hold run = DataDirServer.claim(dataDir, DataDirServer.Holder.EVAL_RUN).orElseThrow()) {
      assertThatThrownBy(this::start).isInstanceOf(DataDirServer.HeldElsewhere.class)
          .hasMessageStartingWith("an evaluation run with its own gateway (apprentice eval run, pid " + PID
              + ") holds the data directory " + dataDir.toRealPath() + ", with the tenants' budgets and rate limits "
              + "kept in its process while it runs: start the server once it has ended");
      assertThat(dataDir.resolve(DataDirServer.ADDRESS_FILE)).content().contains("\"holder\":\"eval run\"")
          .doesNotContain("url");
    }
    start().close();
  }

  @Test
  void aSecondEvaluationRunWithItsOwnGatewayIsRefusedSayingHowToRunThemSideBySide() throws Exception {
    try (DataDirServer.Hold run = DataDirServer.claim(dataDir, DataDirServer.Holder.EVAL_RUN).orElseThrow()) {
      assertThatThrownBy(() -> DataDirServer.claim(dataDir, DataDirServer.Holder.EVAL_RUN))
          .isInstanceOfSatisfying(DataDirServer.HeldElsewhere.class, e -> assertThat(e.holder())
              .isEqualTo(new DataDirServer.Found(DataDirServer.Holder.EVAL_RUN, null, PID)))
          .hasMessageContaining("another evaluation run with its own gateway (pid " + PID + ") holds the data "
              + "directory").hasMessageContaining("start 'apprentice serve' on this data directory and give each run "
              + "--url");
    }
  }

  @Test
  void aHolderInAnotherProcessIsFoundAndRefusesServersUntilItIsKilledWhenItsLeftoverAddressKeepsNoOneOut()
      throws Exception {
    Process other = holdInAnotherProcess("serve");
    try {
      assertThat(DataDirServer.find(dataDir)).contains(new DataDirServer.Found(DataDirServer.Holder.SERVE,
          "http://127.0.0.1:18080", other.pid()));
      assertThatThrownBy(this::start).hasMessageStartingWith("another server (pid " + other.pid()
          + ", http://127.0.0.1:18080) serves the data directory");
    } finally {
      kill(other);
    }

    assertThat(dataDir.resolve(DataDirServer.ADDRESS_FILE)).as("left by the killed process").exists();
    try (ApprenticeServer server = start()) {
      assertThat(DataDirServer.find(dataDir)).contains(new DataDirServer.Found(DataDirServer.Holder.SERVE,
          "http://127.0.0.1:" + server.port(), PID));
    }
    assertThat(dataDir.resolve(DataDirServer.ADDRESS_FILE)).doesNotExist();
  }

  @Test
  void anEvaluationRunInAnotherProcessRefusesAServerNamingItsPid() throws Exception {
    Process other = holdInAnotherProcess("eval");
    try {
      assertThatThrownBy(this::start).hasMessageStartingWith("an evaluation run with its own gateway (apprentice "
          + "eval run, pid " + other.pid() + ") holds the data directory");
    } finally {
      kill(other);
    }
    start().close();
  }

  @Test
  void aKilledHoldersLeftoverAddressIsIgnoredAndRemovedWhenLookedFor() throws Exception {
    Process other = holdInAnotherProcess("serve");
    kill(other);

    assertThat(DataDirServer.find(dataDir)).isEmpty();
    assertThat(dataDir.resolve(DataDirServer.ADDRESS_FILE)).doesNotExist();
  }

  @Test
  void aLeftoverAddressWithNoServerHoldingTheDirectoryIsNotAServerAndKeepsNoServerOut() throws Exception {
    Files.writeString(dataDir.resolve(DataDirServer.LOCK_FILE), "");
    Files.writeString(dataDir.resolve(DataDirServer.ADDRESS_FILE), "{\"url\":\"http://127.0.0.1:1\",\"pid\":1}\n");

    assertThat(DataDirServer.find(dataDir)).isEmpty();

    Files.writeString(dataDir.resolve(DataDirServer.ADDRESS_FILE), "{\"url\":\"http://127.0.0.1:1\",\"pid\":1}\n");
    try (ApprenticeServer server = start()) {
      assertThat(dataDir.resolve(DataDirServer.ADDRESS_FILE)).content().contains("\"url\":\"http://127.0.0.1:"
          + server.port() + "\"");
    }
  }

  @Test
  void aServerBoundToEveryAddressIsReachedOnLoopback() {
    assertThat(DataDirServer.url("0.0.0.0", 8080)).isEqualTo("http://127.0.0.1:8080");
    assertThat(DataDirServer.url("::", 8080)).isEqualTo("http://[::1]:8080");
    assertThat(DataDirServer.url("10.0.0.5", 8080)).isEqualTo("http://10.0.0.5:8080");
  }

  @Test
  void aDataDirectoryThatIsAFileIsNotHeldAndTheLogSaysSoInWords(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("data"), "not a folder");

    try (LogCapture log = LogCapture.of("io.helidon", "dev.apprentice")) {
      assertThat(DataDirServer.claim(file, DataDirServer.Holder.EVAL_RUN)).isEmpty();

      assertThat(log.alarms()).singleElement().asString().contains(file + " is a file, not a folder")
          .doesNotContain("Exception");
    }
  }
}
