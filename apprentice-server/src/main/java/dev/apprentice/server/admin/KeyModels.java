package dev.apprentice.server.admin;

import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.local.embedding.LocalModels;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The model names a key may be restricted to: the names {@code /v1/models} lists, that is the configured aliases and
 * the built-in in-process embedding model. Without the built-in one, no model-restricted key could embed locally.
 */
public final class KeyModels {

  private KeyModels() {}

  /** The configured aliases in config order, then the built-in models (an alias of the same name shadows one). */
  public static Set<String> of(ApprenticeConfig config) {
    Set<String> names = new LinkedHashSet<>(config.models().keySet());
    names.add(LocalModels.EMBEDDING_MODEL);
    return Collections.unmodifiableSet(names);
  }
}
