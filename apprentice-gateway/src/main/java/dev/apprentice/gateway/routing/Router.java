package dev.apprentice.gateway.routing;

import dev.apprentice.api.ChatRequest;
import java.util.List;

/** Orders a model's targets for one call: the first is tried first, the rest are fallbacks in order. */
@FunctionalInterface
public interface Router {

  List<Target> plan(List<Target> targets, ChatRequest request);
}
