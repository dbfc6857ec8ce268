package dev.apprentice.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A prompt at a glance.
 *
 * @param latestVersion the newest version (also how many versions there are)
 * @param model         the newest version's model, or null
 * @param labels        label to version, in the order given (the store's: by label)
 * @param updatedAt     when the newest version was pushed
 */
public record PromptSummary(String name, int latestVersion, String model, Map<String, Integer> labels,
    Instant updatedAt) {

  public PromptSummary {
    // kept in order: Map.copyOf's order changes from one process to the next, so a CLI on the data directory and
    // a server would list the same labels in different orders
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }
}
