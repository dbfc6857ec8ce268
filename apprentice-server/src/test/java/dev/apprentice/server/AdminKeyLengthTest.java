package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A short {@code APPRENTICE_ADMIN_KEY} is refused where other machines can reach the server, and warned about on loopback. */
class AdminKeyLengthTest {

  private static final String YAML = """
      providers:
        sim: { type: simulator }
      models:
        a: { targets: [ { provider: sim, model: sim-echo } ] }
      """;

  private static ApprenticeConfig on(String host, Path dataDir) {
    return ConfigLoader.parse(YAML, Map.of()).withServer(host, 0).withDataDir(dataDir.toString());
  }

  @Test
  void aShortAdminKeyBeyondLoopbackStopsTheStartBeforeAnythingIsOpened() {
    Path dataDir = TempDirs.create().resolve("never-created");

    assertThatThrownBy(() -> ApprenticeServer.start(on("0.0.0.0", dataDir), Map.of(), "short-admin-key", Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("APPRENTICE_ADMIN_KEY has 15 characters; a server bound to 0.0.0.0 needs at least 24"
            + " (e.g. openssl rand -hex 24)");
    assertThat(dataDir.resolve("apprentice.db")).doesNotExist();
  }

  @Test
  void aShortAdminKeyOnLoopbackStartsWithAWarning() {
    try (ApprenticeServer server = ApprenticeServer.start(on("127.0.0.1", TempDirs.create()), Map.of(),
        "short-admin-key", Clock.systemUTC())) {
      assertThat(server.adminKeyWarning()).hasValueSatisfying(w -> assertThat(w)
          .startsWith("APPRENTICE_ADMIN_KEY has 15 characters; use at least 24 before binding beyond loopback"));
    }
  }

  @Test
  void aLongEnoughAdminKeyOrAGeneratedOneStartsWithoutAWarning() {
    try (ApprenticeServer server = ApprenticeServer.start(on("127.0.0.1", TempDirs.create()), Map.of(),
        "x".repeat(24), Clock.systemUTC())) {
      assertThat(server.adminKeyWarning()).isEmpty();
    }
    try (ApprenticeServer server = ApprenticeServer.start(on("127.0.0.1", TempDirs.create()), Map.of(), null,
        Clock.systemUTC())) {
      assertThat(server.adminKeyWarning()).isEmpty();
    }
  }
}
