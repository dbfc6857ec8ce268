package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.cli.CommandRun;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.server.ApprenticeServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval run} without {@code --url} while a server runs on the same data directory: the in-process gateway opens
 * no response cache (which the server holds), so the run goes ahead.
 */
class EvalBesideARunningServerTest {

  @TempDir
  Path dir;

  @Test
  void anInProcessRunWorksWhileAServerHoldsTheDataDirectorysCache() throws Exception {
    EvalFixture.writeItems(dir);
    Path suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0");
    Path configFile = EvalFixture.writeConfig(dir);
    Path data = dir.resolve("data");
    ApprenticeConfig config = ConfigLoader.load(configFile, Map.of()).withServer("127.0.0.1", 0)
        .withDataDir(data.toString());
    try (ApprenticeServer server = ApprenticeServer.start(config, Map.of(), "admin-key", Clock.systemUTC())) {
      assertThat(server.cache()).as("the server holds the cache").isNotNull();

      CommandRun run = EvalFixture.cli("eval", "run", suite.toString(), "--config", configFile.toString(),
          "--data-dir", data.toString(), "--no-progress");

      assertThat(run.exit()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).contains("completed").contains("+33.3 points accuracy");
    }
  }
}
