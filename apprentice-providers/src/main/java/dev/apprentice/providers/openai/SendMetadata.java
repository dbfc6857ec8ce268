package dev.apprentice.providers.openai;

import dev.apprentice.api.ChatRequest;
import java.util.Locale;

/**
 * Whether an OpenAI-type server gets a call's {@code metadata}. OpenAI's chat API takes it only beside
 * {@code store: true} ("The 'metadata' parameter is only allowed when 'store' is enabled", a 400 that allows no
 * fallback). The gateway has read a call's metadata already (traces, guardrails), and a Responses call's metadata,
 * which OpenAI's Responses API takes without storing, becomes the chat call's. Other OpenAI-type servers get it as
 * sent (a standalone simulator reads its {@code sim_*} options there).
 */
public enum SendMetadata {
  /** {@link #WITH_STORE} for OpenAI's own API (a host under {@code openai.com}), else {@link #ALWAYS}. */
  AUTO,
  /** The metadata as the client sent it. */
  ALWAYS,
  /** The metadata only when the request asks to store ({@code store: true}), as OpenAI's API wants it. */
  WITH_STORE;

  /** The setting of a config value: {@code auto}, {@code always} or {@code with_store}. */
  public static SendMetadata of(String configValue) {
    return valueOf(configValue.toUpperCase(Locale.ROOT));
  }

  /** {@link #ALWAYS} or {@link #WITH_STORE}: what this setting means for a provider at {@code baseUrl}. */
  SendMetadata at(String baseUrl) {
    if (this != AUTO) return this;
    return BaseUrls.hostUnder(baseUrl, "openai.com") ? WITH_STORE : ALWAYS;
  }

  /** The request as it may go: without {@code metadata} where the server refuses it unstored. */
  ChatRequest sendable(ChatRequest request) {
    if (this != WITH_STORE || request.metadata() == null || Boolean.TRUE.equals(request.extra().get("store"))) {
      return request;
    }
    return request.toBuilder().metadata(null).build();
  }
}
