package dev.apprentice.store;

import java.time.Instant;
import java.util.Map;

/**
 * A prompt at a glance.
 *
 * @param latestVersion the newest version (also how many versions there are)
 * @param model         the newest version's model, or null
 * @param labels        label to version
 * @param updatedAt     when the newest version was pushed
 */
public record PromptSummary(String name, int latestVersion, String model, Map<String, Integer> labels,
    Instant updatedAt) {

  public PromptSummary {
    labels = Map.copyOf(labels);
  }
}
