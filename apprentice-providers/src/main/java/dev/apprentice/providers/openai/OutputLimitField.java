package dev.apprentice.providers.openai;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which field carries the gateway's output cap to an OpenAI-type server: {@code max_completion_tokens}, which
 * OpenAI's reasoning models require, or {@code max_tokens}, which every OpenAI-compatible server reads. {@link #AUTO}
 * decides by the model's name, which fails for deployments with names of their own (Azure): set the field there.
 * With {@link #MAX_TOKENS} a caller's own {@code max_completion_tokens} goes as {@code max_tokens} too, for servers
 * that refuse it: Mistral's API answers 422 {@code extra_forbidden}
 * (https://github.com/editor-code-assistant/eca/issues/231), so {@link #AUTO} means {@link #MAX_TOKENS} there.
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

  /** {@link #MAX_TOKENS} for {@link #AUTO} at Mistral's API (a host under {@code .mistral.ai}), else this setting. */
  OutputLimitField at(String baseUrl) {
    if (this != AUTO) return this;
    return BaseUrls.hostUnder(baseUrl, "mistral.ai") ? MAX_TOKENS : AUTO;
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
