package dev.apprentice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.server.guard.GuardSteps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The config problem {@code serve} would only find at start: a model's input injection scanner naming a detector
 * that was never trained into the resolved data directory. It looks for the detectors' folders as the server does,
 * loading nothing, and reports each where it is named: in the model's own {@code guard:} block, or once for the
 * top-level block the models inherit it from.
 */
final class InjectionDetectorCheck {

  private InjectionDetectorCheck() {}

  /** One line per problem ({@code PATH: why (train it with: ...)}); empty when every detector is there. */
  static List<String> problems(ApprenticeConfig config, Path file) {
    Map<String, String> missing = GuardSteps.missingDetectors(config);
    if (missing.isEmpty()) return List.of();
    JsonNode written = written(file);
    Set<String> problems = new LinkedHashSet<>();
    missing.forEach((model, why) -> {
      boolean ownBlock = written.path("models").path(model).path("guard").path("injection").has("detector");
      problems.add((ownBlock ? "models." + model + "." : "") + "guard.injection.detector: " + why);
    });
    return List.copyOf(problems);
  }

  /** The config as written, only to tell where a detector is named; nothing when it cannot be read again. */
  private static JsonNode written(Path file) {
    if (file == null) return MissingNode.getInstance();
    try {
      JsonNode tree = new YAMLMapper().readTree(Files.readString(file));
      return tree == null ? MissingNode.getInstance() : tree;
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }
}
