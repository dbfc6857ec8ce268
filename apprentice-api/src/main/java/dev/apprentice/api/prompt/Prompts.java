package dev.apprentice.api.prompt;

import java.util.Map;
import java.util.Optional;

/** Read access to the prompt registry: versions by number, the latest, and where the labels point. */
public interface Prompts {

  Optional<PromptVersion> version(String name, int version);

  /** The newest version of a prompt, or empty when no prompt has this name. */
  Optional<PromptVersion> latest(String name);

  /** The prompt's labels and the version each points at (empty for an unknown prompt). */
  Map<String, Integer> labels(String name);

  /**
   * The version a reference means: a number is that version; {@code latest} the newest; a label where it points;
   * a bare name the {@code production} label when set, else the newest version. Empty when it does not exist.
   */
  default Optional<PromptVersion> resolve(PromptRef ref) {
    if (ref.version() != null) return version(ref.name(), ref.version());
    if (PromptRef.LATEST.equals(ref.label())) return latest(ref.name());
    Integer labelled = labels(ref.name()).get(ref.label() == null ? PromptRef.PRODUCTION : ref.label());
    if (labelled != null) return version(ref.name(), labelled);
    return ref.label() == null ? latest(ref.name()) : Optional.empty();
  }
}
