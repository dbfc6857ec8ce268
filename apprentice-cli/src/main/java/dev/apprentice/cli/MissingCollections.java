package dev.apprentice.cli;

import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ModelSettings;
import dev.apprentice.local.collection.Collections;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code rag:} models whose collection does not exist: their calls would be answered without context (a warning
 * in the log at each call) until it is created. {@code serve}'s banner and {@code config check} warn of each in the
 * same words, from the data directory's files alone (no index is opened).
 */
final class MissingCollections {

  private MissingCollections() {}

  /** One warning per {@code rag:} model of {@code config} whose collection is not in {@code root}. */
  static List<String> warnings(ApprenticeConfig config, Path root) {
    List<String> warnings = new ArrayList<>();
    for (ModelSettings model : config.models().values()) {
      if (model.rag() == null || Collections.exists(root, model.rag().collection())) continue;
      String name = model.rag().collection();
      warnings.add("model '" + model.name() + "' retrieves from collection '" + name + "', which does not exist: "
          + "its calls are answered without context until it is created (apprentice collections create " + name + ")");
    }
    return warnings;
  }
}
