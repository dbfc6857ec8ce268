package dev.apprentice.cli;

import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a command's config comes from: {@code --config F}, else {@code ./apprentice.yaml}, else the built-in default. */
public final class ConfigSource {

  private ConfigSource() {}

  public static ApprenticeConfig load(Path explicit) {
    if (explicit != null) return ConfigLoader.load(explicit, System.getenv());
    Path local = Path.of("apprentice.yaml");
    if (Files.isRegularFile(local)) return ConfigLoader.load(local, System.getenv());
    return ConfigLoader.defaults(System.getenv());
  }

  public static String describe(Path explicit) {
    if (explicit != null) return explicit.toString();
    return Files.isRegularFile(Path.of("apprentice.yaml")) ? "apprentice.yaml" : "built-in default";
  }
}
