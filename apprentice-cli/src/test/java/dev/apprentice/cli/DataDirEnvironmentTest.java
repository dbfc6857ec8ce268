package dev.apprentice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.access.ApiKey;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.server.ApprenticeServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code APPRENTICE_DATA_DIR} stands in for {@code --data-dir} on every command, so a shell that serves from one
 * directory need not repeat it on each later command; without either, the data directory is {@code ./.apprentice} and
 * the config {@code ./apprentice.yaml} when there (PRODUCT.md §1, §2). Run as a separate process: the variable is read
 * from the environment, and the defaults from the working directory, neither of which a test can set in its own JVM.
 */
class DataDirEnvironmentTest {

  private static final String ADMIN_KEY = "data-dir-environment-admin-key";

  @TempDir Path dir;

  @Test
  void aCommandWithoutDataDirUsesTheDirectoryTheEnvironmentNames() throws Exception {
    Path data = dir.resolve("from-env");

    Run created = apprentice(data, "keys", "create", "--tenant", "acme");
    assertThat(created.exit()).as(created.output()).isZero();
    assertThat(data.resolve("apprentice.db")).exists();
    assertThat(dir.resolve(".apprentice")).doesNotExist();

    Run listed = apprentice(data, "keys", "list");
    assertThat(listed.output()).contains("acme");
  }

  @Test
  void withoutDataDirOrTheVariableTheDataDirectoryIsDotApprenticeInTheWorkingDirectory() throws Exception {
    Run created = apprentice(null, "keys", "create", "--tenant", "acme");

    assertThat(created.exit()).as(created.output()).isZero();
    assertThat(dir.resolve(".apprentice/apprentice.db")).exists();
  }

  @Test
  void anApprenticeYamlInTheWorkingDirectoryIsTheConfigWhenNoneIsGiven() throws Exception {
    Files.writeString(dir.resolve("apprentice.yaml"), """
        providers:
          sim: { type: simulator }
        models:
          from-the-file: { targets: [ { provider: sim, model: sim-echo } ] }
        """);

    Run checked = apprentice(null, "config", "check");

    assertThat(checked.exit()).as(checked.output()).isZero();
    assertThat(checked.output()).contains("# apprentice.yaml: valid").contains("from-the-file");
  }

  @Test
  void anExplicitDataDirWinsOverTheEnvironment() throws Exception {
    Path data = dir.resolve("from-env");
    Path flag = dir.resolve("from-flag");

    Run created = apprentice(data, "keys", "create", "--tenant", "acme", "--data-dir", flag.toString());
    assertThat(created.exit()).as(created.output()).isZero();
    assertThat(flag.resolve("apprentice.db")).exists();
    assertThat(data).doesNotExist();
  }

  @Test
  void aCommandWithUrlReachesTheServerThoughTheEnvironmentNamesADataDirectory() throws Exception {
    Path data = dir.resolve("from-env");
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          sim: { type: simulator }
        models:
          sim-echo: { targets: [ { provider: sim, model: sim-echo } ] }
        """, Map.of()).withServer("127.0.0.1", 0).withDataDir(dir.resolve("served").toString());
    try (ApprenticeServer server = ApprenticeServer.start(config, Map.of(), ADMIN_KEY, Clock.systemUTC())) {
      String url = "http://127.0.0.1:" + server.port();

      Run created = apprentice(data, "keys", "create", "--tenant", "acme", "--url", url, "--admin-key", ADMIN_KEY);
      assertThat(created.exit()).as(created.output()).isZero();
      assertThat(server.store().keys().list()).extracting(ApiKey::tenant).contains("acme");
      Run costs = apprentice(data, "costs", "--url", url, "--admin-key", ADMIN_KEY);
      assertThat(costs.exit()).as(costs.output()).isZero();
      assertThat(data).doesNotExist();

      Run both = apprentice(data, "keys", "list", "--url", url, "--admin-key", ADMIN_KEY, "--data-dir", data.toString());
      assertThat(both.exit()).as("an explicit --data-dir still conflicts with --url").isEqualTo(2);
      assertThat(both.output()).contains("leave them out with --url");
    }
  }

  private record Run(int exit, String output) {}

  /** Runs {@code apprentice args} in {@link #dir} with {@code APPRENTICE_DATA_DIR} set to {@code dataDir} (null: unset). */
  private Run apprentice(Path dataDir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), "dev.apprentice.cli.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    if (dataDir == null) {
      builder.environment().remove("APPRENTICE_DATA_DIR");
    } else {
      builder.environment().put("APPRENTICE_DATA_DIR", dataDir.toString());
    }
    builder.environment().remove("APPRENTICE_ADMIN_KEY");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("exited; output:%n%s", output).isTrue();
    return new Run(process.exitValue(), output);
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
