package dev.apprentice.cli;

import dev.apprentice.server.telemetry.LogFormat;
import dev.apprentice.server.telemetry.Logs;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigException;
import dev.apprentice.gateway.config.ProviderSettings;
import dev.apprentice.server.ApprenticeServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code apprentice serve}: runs the gateway until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the gateway.")
public final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "config file (default: ./apprentice.yaml if present, else the built-in default)")
  Path config;

  @Option(names = "--host", description = "address to bind (default from config: 127.0.0.1)")
  String host;

  @Option(names = "--port", description = "port to listen on (default from config: 8080; 0 picks a free one)")
  Integer port;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:APPRENTICE_DATA_DIR}",
      description = "data directory (default: $APPRENTICE_DATA_DIR, else from config: ./.apprentice)")
  String dataDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    ApprenticeServer server;
    try {
      ApprenticeConfig resolved = ConfigSource.load(config).withServer(host, port);
      if (dataDir != null) resolved = resolved.withDataDir(dataDir);
      List<String> problems = StartChecks.problems(resolved, ConfigSource.file(config));
      if (!problems.isEmpty()) throw new ConfigException(problems);
      Logs.configure(resolved.telemetry().jsonLogs() ? LogFormat.JSON : LogFormat.TEXT);
      PrivateDataDirectory.secure(resolved, err);
      server = ApprenticeServer.start(resolved);
    } catch (ConfigException e) {
      InvalidConfig.print(err, ConfigSource.describe(config), e.problems());
      return 2;
    }
    // the banner once a stop would close the server: a signal sent as soon as it shows must not skip that
    UntilStopped.await(server, "apprentice", () -> {
      PrintWriter out = spec.commandLine().getOut();
      out.print(Banner.render(server, ConfigSource.describe(config)));
      out.flush();
      server.onListenerStopped(() -> {
        // a process that no longer serves must not look alive: a supervisor (systemd, Docker, Kubernetes) restarts it
        err.println("apprentice: the server stopped listening; exiting (status 1) so that it can be restarted");
        System.exit(1); // the shutdown hook still closes the server: calls in flight end, traces are written
      });
    });
    return 0;
  }

  static boolean usesSimulator(ApprenticeConfig config) {
    return config.providers().values().stream().anyMatch(ProviderSettings::isSimulator);
  }
}
