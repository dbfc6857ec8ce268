package dev.apprentice.store;

import dev.apprentice.api.Message;
import dev.apprentice.api.prompt.PromptVersion;
import dev.apprentice.api.prompt.Prompts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The prompt registry: immutable versions numbered per name, and labels that move between them. */
public interface PromptStore extends Prompts {

  /** What {@link #push} did: the version now newest, and whether it was made now (false: the same as the newest). */
  record Pushed(PromptVersion version, boolean created) {}

  /**
   * Stores the next version of a prompt (1 for a new name), unless it equals the newest version in messages, model
   * and parameters, and points {@code labels} at the result, all in one transaction.
   */
  Pushed push(String name, List<Message> messages, String model, Map<String, Object> parameters, List<String> labels,
      Instant at);

  /** Every version of a prompt, oldest first (empty for an unknown name). */
  List<PromptVersion> versions(String name);

  /** One line per prompt, by name. */
  List<PromptSummary> list();

  /**
   * Points a label at an existing version.
   *
   * @return the version it pointed at before, or empty when it is new
   * @throws IllegalArgumentException when the version does not exist
   */
  Optional<Integer> label(String name, String label, int version, Instant at);
}
