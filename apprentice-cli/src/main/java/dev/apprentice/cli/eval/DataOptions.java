package dev.apprentice.cli.eval;

import dev.apprentice.cli.ConfigSource;
import dev.apprentice.cli.admin.AdminTarget;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigException;
import dev.apprentice.store.Store;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --config} and {@code --data-dir} options of the eval commands: where runs are stored. */
final class DataOptions {

  /** The command these options belong to: a config that is not valid is bad usage of it (exit 2). */
  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  @Option(names = "--config", paramLabel = "FILE",
      description = "config file (default: ./apprentice.yaml if present, else the built-in default)")
  Path config;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:APPRENTICE_DATA_DIR}",
      description = "data directory (default: $APPRENTICE_DATA_DIR, else from config: ./.apprentice)")
  String dataDir;

  ApprenticeConfig resolved() {
    try {
      ApprenticeConfig loaded = ConfigSource.load(config);
      return dataDir == null ? loaded : loaded.withDataDir(dataDir);
    } catch (ConfigException e) {
      throw new ParameterException(command.commandLine(), "invalid config " + ConfigSource.describe(config) + ": "
          + String.join("; ", e.problems()));
    }
  }

  String describe() {
    return ConfigSource.describe(config);
  }

  /**
   * The store of the data directory, or null when it has no database yet ({@code nothingStored} then hears where it
   * was looked for): the commands that only read runs (list, report, gate) then find none and create nothing, as the
   * admin commands do, so that a mistyped {@code --data-dir} does not become a new data directory.
   */
  Store existingStore(Consumer<String> nothingStored) {
    return AdminTarget.store(resolved(), false, nothingStored);
  }

  /** Where HTML reports of this data directory go: {@code <data dir>/reports}. */
  Path reportsDir() {
    return Path.of(resolved().dataDir()).resolve("reports");
  }
}
