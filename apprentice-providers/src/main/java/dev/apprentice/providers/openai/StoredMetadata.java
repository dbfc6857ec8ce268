package dev.apprentice.providers.openai;

import dev.apprentice.api.ChatRequest;

/**
 * OpenAI's chat API takes {@code metadata} only beside {@code store: true} ("The 'metadata' parameter is only allowed
 * when 'store' is enabled", a 400 that allows no fallback). The gateway has read a call's metadata already (traces,
 * guardrails), and a Responses call's metadata, which OpenAI's Responses API takes without storing, becomes the chat
 * call's: so a request to OpenAI's own API ({@code api.openai.com}) goes without metadata unless it asks to store.
 * Other OpenAI-type servers get it as sent (a standalone simulator reads its {@code sim_*} options there).
 */
final class StoredMetadata {

  private final boolean onlyWithStore;

  private StoredMetadata(boolean onlyWithStore) {
    this.onlyWithStore = onlyWithStore;
  }

  /** The rule for a provider at {@code baseUrl}: metadata only with {@code store: true} on a host under openai.com. */
  static StoredMetadata at(String baseUrl) {
    return new StoredMetadata(BaseUrls.hostUnder(baseUrl, "openai.com"));
  }

  /** The request as it may go: without {@code metadata} where the server refuses it unstored. */
  ChatRequest sendable(ChatRequest request) {
    if (!onlyWithStore || request.metadata() == null || Boolean.TRUE.equals(request.extra().get("store"))) {
      return request;
    }
    return request.toBuilder().metadata(null).build();
  }
}
