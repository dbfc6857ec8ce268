package dev.apprentice.cli;

import dev.apprentice.api.files.DataFolders;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigException;
import dev.apprentice.gateway.config.ConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code apprentice config check [FILE]}: validates a config and prints it resolved, secrets masked. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Configuration tools.",
    subcommands = {ConfigCommand.Check.class})
public final class ConfigCommand extends CommandGroup {

  /** Validates and prints the resolved config. */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Validate a config file (default: ./apprentice.yaml or the built-in default) and print it resolved, with secrets masked."
          + " The data directory must be a folder (or not exist yet), and the injection detectors its models name must"
          + " have been trained into it, as serve needs them.")
  public static final class Check implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "the config file")
    Path file;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:APPRENTICE_DATA_DIR}",
        description = "the data directory serve would use (default: $APPRENTICE_DATA_DIR, else from config: ./.apprentice)")
    String dataDir;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      try {
        ApprenticeConfig config = ConfigSource.load(file);
        if (dataDir != null) config = config.withDataDir(dataDir);
        List<String> problems = StartChecks.problems(config, ConfigSource.file(file));
        if (!problems.isEmpty()) throw new ConfigException(problems);
        for (String warning : config.warnings()) err.println("apprentice: warning: " + warning);
        Path collections = DataFolders.collections(Path.of(config.dataDir()));
        for (String warning : MissingCollections.warnings(config, collections)) {
          err.println("apprentice: warning: " + warning);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("# " + ConfigSource.describe(file) + ": valid");
        out.print(ConfigLoader.render(config));
        out.flush();
        return 0;
      } catch (ConfigException e) {
        InvalidConfig.print(err, ConfigSource.describe(file), e.problems());
        return 2;
      }
    }
  }
}
