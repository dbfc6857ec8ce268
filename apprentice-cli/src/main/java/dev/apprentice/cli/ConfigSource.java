package dev.apprentice.cli;

import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a command's config comes from: {@code --config F}, else {@code ./apprentice.yaml}, else the built-in default. */
public final class ConfigSource {

  private ConfigSource() {}

  public static ApprenticeConfig load(Path explicit) {
    Path file = file(explicit);
    return file == null ? ConfigLoader.defaults(System.getenv()) : ConfigLoader.load(file, System.getenv());
  }

  /** How {@link #describe} names the built-in default config. */
  public static final String BUILT_IN = "built-in default";

  public static String describe(Path explicit) {
    Path file = file(explicit);
    return file == null ? BUILT_IN : file.toString();
  }

  /** The file {@link #load} reads: {@code explicit}, else {@code ./apprentice.yaml} when there; null for the built-in default. */
  public static Path file(Path explicit) {
    if (explicit != null) return explicit;
    Path local = Path.of("apprentice.yaml");
    return Files.isRegularFile(local) ? local : null;
  }
}
