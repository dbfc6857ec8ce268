package dev.apprentice.cli;

import dev.apprentice.gateway.config.ApprenticeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The config problems {@code serve} would only find at start, which {@code config check} reports too, in the same
 * words: a {@code data_dir} (or {@code --data-dir}) that names a file, or lies under one, where no folder can be made
 * (one that does not exist yet is fine: serve creates it); and the injection detectors {@link InjectionDetectorCheck}
 * looks for.
 */
final class StartChecks {

  private StartChecks() {}

  /** One line per problem ({@code PATH: why}), the data directory's first; empty when serve could start on it. */
  static List<String> problems(ApprenticeConfig config, Path file) {
    List<String> problems = new ArrayList<>(dataDir(config));
    problems.addAll(InjectionDetectorCheck.problems(config, file));
    return problems;
  }

  /** {@code data_dir: PATH is a file, not a folder} naming the file in the way; empty when a folder can be there. */
  private static List<String> dataDir(ApprenticeConfig config) {
    for (Path path = Path.of(config.dataDir()); path != null; path = path.getParent()) {
      if (Files.isDirectory(path)) return List.of();
      if (Files.exists(path)) {
        return List.of("data_dir: " + path + " is a file, not a folder (serve could not keep its data there)");
      }
    }
    return List.of();
  }
}
