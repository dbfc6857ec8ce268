package dev.apprentice.gateway.routing;

import dev.apprentice.api.ChatProvider;

/** One place a model alias can be served from: a provider and the model name upstream, with a routing weight. */
public record Target(ChatProvider provider, String upstreamModel, double weight) {

  /** {@code provider/upstream-model}, as shown in {@code x-apprentice-served-by}. */
  public String id() {
    return provider.name() + "/" + upstreamModel;
  }

  @Override
  public String toString() {
    return id();
  }
}
