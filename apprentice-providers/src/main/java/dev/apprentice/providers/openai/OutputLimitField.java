package dev.apprentice.providers.openai;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which field carries the gateway's output cap to an OpenAI-type server: {@code max_completion_tokens}, which
 * OpenAI's reasoning models require, or {@code max_tokens}, which every OpenAI-compatible server reads. {@link #AUTO}
 * decides by the model's name, which fails for deployments with names of their own (Azure): set the field there.
 */
public enum OutputLimitField {
  AUTO,
  MAX_TOKENS,
  MAX_COMPLETION_TOKENS;

  private static final Pattern REASONING_MODELS = Pattern.compile("^(o\\d|gpt-5)([.-].*)?$");

  /** The setting of a config value: {@code auto}, {@code max_tokens} or {@code max_completion_tokens}. */
  public static OutputLimitField of(String configValue) {
    return valueOf(configValue.toUpperCase(Locale.ROOT));
  }

  /** True when the cap goes out as {@code max_completion_tokens} for {@code model}. */
  boolean completionTokens(String model) {
    return switch (this) {
      case MAX_TOKENS -> false;
      case MAX_COMPLETION_TOKENS -> true;
      case AUTO -> reasoningModel(model);
    };
  }

  /** True for OpenAI's reasoning models, named alone or after a router's prefix ({@code openai/o3}). */
  static boolean reasoningModel(String model) {
    if (model == null) return false;
    String name = model.substring(model.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    return REASONING_MODELS.matcher(name).matches();
  }
}
