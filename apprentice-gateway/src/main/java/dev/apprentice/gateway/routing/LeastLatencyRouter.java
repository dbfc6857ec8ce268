package dev.apprentice.gateway.routing;

import dev.apprentice.api.ChatRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders targets by their latency average for this kind of call (streamed or not), fastest first. A failed try raises
 * its target's average ({@link LatencyTracker#penalise}), so a failing target sorts behind those that answer. Targets with
 * no measurement yet come first, so every target gets measured; ties keep the configured order. An average that no
 * call has refreshed for {@link #REFRESH_AFTER} would never change while its target sorts behind a faster one, so
 * one call then goes to that target first (the oldest such average, if several) to measure it again, provided
 * {@link #REFRESH_EVERY_ANSWERS} answers came since it was last measured (else sparse traffic would send every other
 * call to the slow target); the others follow in latency order as fallbacks.
 */
public final class LeastLatencyRouter implements Router {

  /** How old a target's average may grow before a call is sent to measure it again. */
  public static final Duration REFRESH_AFTER = Duration.ofSeconds(30);
  /** How many answers (from any target) must come between two measuring calls to one target, for sparse traffic. */
  public static final long REFRESH_EVERY_ANSWERS = 20;

  private final LatencyTracker latencies;
  private final long refreshAfterNanos;

  public LeastLatencyRouter(LatencyTracker latencies) {
    this(latencies, REFRESH_AFTER);
  }

  public LeastLatencyRouter(LatencyTracker latencies, Duration refreshAfter) {
    this.latencies = latencies;
    this.refreshAfterNanos = refreshAfter.toNanos();
  }

  @Override
  public List<Target> plan(List<Target> targets, ChatRequest request) {
    if (targets.size() < 2) return targets;
    boolean streamed = request.streaming();
    List<Target> order = new ArrayList<>(targets);
    order.sort(Comparator.comparingDouble(t -> latencies.average(t.id(), streamed)));
    if (latencies.average(order.getFirst().id(), streamed) < 0) return order; // measuring a newcomer already
    Target stalest = null;
    long oldest = refreshAfterNanos;
    for (Target t : order.subList(1, order.size())) {
      long age = latencies.age(t.id(), streamed);
      if (age > oldest) {
        stalest = t;
        oldest = age;
      }
    }
    if (stalest != null && latencies.claimRefresh(stalest.id(), streamed, refreshAfterNanos, REFRESH_EVERY_ANSWERS)) {
      order.remove(stalest);
      order.addFirst(stalest);
    }
    return order;
  }
}
