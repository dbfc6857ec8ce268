package dev.apprentice.gateway.routing;

import dev.apprentice.api.ChatRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders targets by their latency average, fastest first. Targets with no measurement yet come first, so every
 * target gets measured; ties keep the configured order.
 */
public final class LeastLatencyRouter implements Router {

  private final LatencyTracker latencies;

  public LeastLatencyRouter(LatencyTracker latencies) {
    this.latencies = latencies;
  }

  @Override
  public List<Target> plan(List<Target> targets, ChatRequest request) {
    if (targets.size() < 2) return targets;
    List<Target> order = new ArrayList<>(targets);
    order.sort(Comparator.comparingDouble(t -> latencies.average(t.id())));
    return order;
  }
}
