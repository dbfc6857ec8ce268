package dev.apprentice.providers.openai;

import java.util.Locale;

/**
 * Whether a streamed call asks an OpenAI-type server for its usage with {@code stream_options.include_usage: true}.
 * Most servers send no usage in a stream unless asked; Mistral's API refuses the field (422 {@code extra_forbidden},
 * which allows no fallback) and reports usage on its last chunk unasked.
 */
public enum StreamUsage {
  /** {@link #OMIT} for Mistral's API (a host under {@code .mistral.ai}), else {@link #ASK}. */
  AUTO,
  /** {@code include_usage: true} added to the client's {@code stream_options}, its other fields kept. */
  ASK,
  /** No {@code include_usage}, not even the client's own; its other {@code stream_options} fields kept. */
  OMIT;

  /** The setting of a config value: {@code auto}, {@code ask} or {@code omit}. */
  public static StreamUsage of(String configValue) {
    return valueOf(configValue.toUpperCase(Locale.ROOT));
  }

  /** {@link #ASK} or {@link #OMIT}: what this setting means for a provider at {@code baseUrl}. */
  StreamUsage at(String baseUrl) {
    if (this != AUTO) return this;
    return BaseUrls.hostUnder(baseUrl, "mistral.ai") ? OMIT : ASK;
  }
}
