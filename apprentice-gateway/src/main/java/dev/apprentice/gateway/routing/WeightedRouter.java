package dev.apprentice.gateway.routing;

import dev.apprentice.api.ChatRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Picks the first target at random in proportion to its weight; the others follow as fallbacks, drawn the same way
 * without replacement.
 */
public final class WeightedRouter implements Router {

  private final Supplier<RandomGenerator> random;

  public WeightedRouter(Supplier<RandomGenerator> random) {
    this.random = random;
  }

  @Override
  public List<Target> plan(List<Target> targets, ChatRequest request) {
    if (targets.size() < 2) return targets;
    RandomGenerator rng = random.get();
    List<Target> left = new ArrayList<>(targets);
    List<Target> order = new ArrayList<>(targets.size());
    while (!left.isEmpty()) {
      double total = 0;
      for (Target t : left) total += t.weight();
      double pick = rng.nextDouble() * total;
      int chosen = left.size() - 1;
      for (int i = 0; i < left.size(); i++) {
        pick -= left.get(i).weight();
        if (pick < 0) {
          chosen = i;
          break;
        }
      }
      order.add(left.remove(chosen));
    }
    return order;
  }
}
