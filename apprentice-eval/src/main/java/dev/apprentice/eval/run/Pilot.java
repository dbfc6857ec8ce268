package dev.apprentice.eval.run;

import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.VariantSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cost estimate: the first {@code pilot_items} items of each variant run first (a resume counts the stored
 * ones), then each variant's mean cost per item is multiplied by its items still to run.
 */
final class Pilot {

  private Pilot() {}

  /** The pending tasks that make up each variant's pilot (none for a variant with enough stored successes). */
  static List<Task> tasks(Suite suite, List<Task> pending, List<ItemResult> stored) {
    Map<String, Integer> have = new HashMap<>();
    for (ItemResult r : stored) if (r.succeeded()) have.merge(r.variant(), 1, Integer::sum);
    Map<String, Integer> take = new HashMap<>();
    for (VariantSpec v : suite.variants()) take.put(v.name(), Math.max(0, suite.pilotItems() - have.getOrDefault(v.name(), 0)));
    List<Task> pilot = new ArrayList<>();
    for (Task t : pending) {
      int left = take.get(t.variant().name());
      if (left > 0) {
        pilot.add(t);
        take.put(t.variant().name(), left - 1);
      }
    }
    return pilot;
  }

  static CostEstimate estimate(Suite suite, List<ItemResult> stored, List<Task> rest) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    double spent = 0;
    for (ItemResult r : stored) {
      spent += r.totalCostUsd();
      if (!r.succeeded()) continue;
      double[] s = sums.computeIfAbsent(r.variant(), k -> new double[2]);
      s[0] += r.totalCostUsd();
      s[1]++;
    }
    Map<String, Double> perItem = new LinkedHashMap<>();
    sums.forEach((variant, s) -> perItem.put(variant, s[0] / s[1]));
    double total = spent;
    for (Task t : rest) total += perItem.getOrDefault(t.variant().name(), 0.0);
    return new CostEstimate(spent, total, rest.size(), perItem, suite.budgetUsd());
  }
}
