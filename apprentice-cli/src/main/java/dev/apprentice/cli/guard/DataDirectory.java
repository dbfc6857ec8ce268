package dev.apprentice.cli.guard;

import dev.apprentice.api.Embedder;
import dev.apprentice.cli.ConfigSource;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigException;
import dev.apprentice.guard.injection.InjectionDetectors;
import dev.apprentice.local.embedding.LazyEmbedder;
import dev.apprentice.local.embedding.LocalModels;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --config} and {@code --data-dir} options of the guard commands: where injection detectors are kept (the
 * server's data directory, so that a detector trained here is the one it loads) and where the local model unpacks.
 */
public final class DataDirectory {

  /** The command these options belong to: a config that is not valid is bad usage of it (exit 2). */
  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  @Option(names = "--config", paramLabel = "FILE",
      description = "config file (default: ./apprentice.yaml if present, else the built-in default)")
  Path config;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:APPRENTICE_DATA_DIR}",
      description = "data directory (default: $APPRENTICE_DATA_DIR, else from config: ./.apprentice)")
  String dataDir;

  /** Stops with bad usage when the config is not valid, before the command starts any work. */
  void check() {
    path();
  }

  Path path() {
    try {
      ApprenticeConfig loaded = ConfigSource.load(config);
      return Path.of(dataDir == null ? loaded.dataDir() : dataDir);
    } catch (ConfigException e) {
      throw new ParameterException(command.commandLine(), "invalid config " + ConfigSource.describe(config) + ": "
          + String.join("; ", e.problems()));
    }
  }

  /** The detectors of the data directory, embedding with {@code embedder} or else the local int8 model. */
  Opened open(Supplier<Embedder> embedder) {
    Path path = path();
    LocalModels models = embedder == null ? new LocalModels(path) : null;
    Embedder lazy = new LazyEmbedder(embedder != null ? embedder : models::quantizedEmbedder);
    return new Opened(new InjectionDetectors(path, lazy, Clock.systemUTC()), lazy, models);
  }

  /** Detectors and the embedder they read; closing frees the local model if one was loaded. */
  record Opened(InjectionDetectors detectors, Embedder embedder, LocalModels models) implements AutoCloseable {
    @Override
    public void close() {
      if (models != null) models.close();
    }
  }
}
