package dev.apprentice.gateway.routing;

import dev.apprentice.api.ChatRequest;
import java.util.List;

/** Tries targets in the configured order. */
public final class FallbackRouter implements Router {

  @Override
  public List<Target> plan(List<Target> targets, ChatRequest request) {
    return targets;
  }
}
