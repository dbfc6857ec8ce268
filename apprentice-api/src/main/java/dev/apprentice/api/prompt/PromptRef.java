package dev.apprentice.api.prompt;

import java.util.regex.Pattern;

/**
 * A reference to a prompt version: {@code name} (the {@code production} label, else the latest version),
 * {@code name@3} (version 3), {@code name@staging} (where the label points) or {@code name@latest}. In a chat request
 * it is written as the model {@code prompt:name@ref}.
 *
 * @param version the version number, or null
 * @param label   the label ({@code latest} for the newest version), or null; null with a null version means the
 *                default resolution
 */
public record PromptRef(String name, Integer version, String label) {

  /** The model-name prefix that asks for a prompt. */
  public static final String MODEL_PREFIX = "prompt:";
  public static final String PRODUCTION = "production";
  public static final String LATEST = "latest";

  /** Prompt names: a lower-case letter or digit, then up to 63 lower-case letters, digits, {@code . _ -}. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  /** Labels: 1-64 lower-case letters, digits, {@code _} or {@code -}, not all digits. */
  public static final Pattern LABEL = Pattern.compile("(?![0-9]+$)[a-z0-9_-]{1,64}");

  /**
   * Parses {@code name}, {@code name@3} or {@code name@label}.
   *
   * @throws IllegalArgumentException saying what a reference looks like
   */
  public static PromptRef parse(String text) {
    String value = text == null ? "" : text.strip();
    int at = value.indexOf('@');
    String name = at < 0 ? value : value.substring(0, at);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a prompt reference: expected NAME, NAME@VERSION or "
          + "NAME@LABEL, where a name is lower-case letters, digits, '.', '_' or '-'");
    }
    if (at < 0) return new PromptRef(name, null, null);
    String ref = value.substring(at + 1);
    if (ref.matches("[0-9]{1,9}") && Integer.parseInt(ref) > 0) return new PromptRef(name, Integer.parseInt(ref), null);
    if (LABEL.matcher(ref).matches()) return new PromptRef(name, null, ref);
    throw new IllegalArgumentException("'" + text + "' is not a prompt reference: after '@' comes a version (1, 2, ...) "
        + "or a label (lower-case letters, digits, '_' or '-')");
  }

  /** True when a chat request's model names a prompt ({@code prompt:...}). */
  public static boolean isPromptModel(String model) {
    return model != null && model.startsWith(MODEL_PREFIX);
  }

  @Override
  public String toString() {
    return version != null ? name + "@" + version : label != null ? name + "@" + label : name;
  }
}
