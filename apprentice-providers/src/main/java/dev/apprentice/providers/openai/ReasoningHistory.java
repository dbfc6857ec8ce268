package dev.apprentice.providers.openai;

import java.util.Locale;

/**
 * Which assistant turns keep their {@code reasoning_content} on the way to an OpenAI-type server. DeepSeek's thinking
 * mode wants it back on every turn that called tools (400 without it); other servers refuse the field in messages
 * (Cerebras: 400 "unsupported"), and a 400 allows no fallback. So it is sent only where a provider asks for it.
 */
public enum ReasoningHistory {
  /** {@link #TOOL_TURNS} for DeepSeek's API (a host {@code api.deepseek.com} or under {@code .deepseek.com}), else drop. */
  AUTO,
  /** No assistant turn keeps {@code reasoning_content}. */
  DROP,
  /** Assistant turns with tool calls keep {@code reasoning_content}; the others lose it. */
  TOOL_TURNS;

  /** The setting of a config value: {@code auto}, {@code drop} or {@code tool_turns}. */
  public static ReasoningHistory of(String configValue) {
    return valueOf(configValue.toUpperCase(Locale.ROOT));
  }

  /** {@link #DROP} or {@link #TOOL_TURNS}: what this setting means for a provider at {@code baseUrl}. */
  ReasoningHistory at(String baseUrl) {
    if (this != AUTO) return this;
    return BaseUrls.hostUnder(baseUrl, "deepseek.com") ? TOOL_TURNS : DROP;
  }
}
