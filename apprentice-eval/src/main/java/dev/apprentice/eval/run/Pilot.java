package dev.apprentice.eval.run;

import dev.apprentice.eval.metric.Measurement;
import dev.apprentice.eval.metric.Metric;
import dev.apprentice.eval.metric.judge.LlmJudge;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.VariantSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pilot: the first {@code pilot_items} items of each variant run first (a resume counts the stored ones). It gives
 * the cost estimate (each variant's mean cost per item times its items still to run), and it catches a run that cannot
 * work: when every pilot item call of a variant failed, or every call of an LLM judge on the pilot items, the rest is
 * not run.
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

  /**
   * The first failed result (in the pilot's order) of a variant every one of whose pilot items failed, else null; null
   * too when there was no pilot. Every call of a variant's first items failing is a setup problem (a wrong URL, a bad
   * key, a model the server does not know) far more often than bad luck: running the rest would fail the same way, and
   * a comparison with a variant that never answered means nothing.
   */
  static ItemResult allFailed(List<Task> pilot, List<ItemResult> stored) {
    Map<String, ItemResult> byTask = new HashMap<>();
    for (ItemResult r : stored) byTask.put(EvalRunner.key(r.variant(), r.itemIndex()), r);
    Map<String, ItemResult> firstFailure = new LinkedHashMap<>();
    Map<String, Boolean> answered = new HashMap<>();
    for (Task t : pilot) {
      String variant = t.variant().name();
      ItemResult r = byTask.get(EvalRunner.key(variant, t.item().index()));
      if (r == null || r.succeeded()) {
        answered.put(variant, true);
      } else {
        firstFailure.putIfAbsent(variant, r);
      }
    }
    for (Map.Entry<String, ItemResult> e : firstFailure.entrySet()) {
      if (!answered.containsKey(e.getKey())) return e.getValue();
    }
    return null;
  }

  /**
   * A judge metric none of whose calls on the pilot items answered, with those items as failed results (the judge's
   * error first), in the pilot's order.
   */
  record JudgeFailure(String metric, List<ItemResult> items) {}

  /**
   * The first LLM judge metric (in the suite's order) every one of whose calls on the pilot items failed, else null;
   * null too when no pilot item was scored by a judge. As with the item calls, every judge call failing is a setup
   * problem (a judge model the server does not know, a key that may not call it) far more often than bad luck: the
   * rest of the run would pay for answers that no judge scores. The items' answers and costs are kept, each with the
   * judge's failure as its error.
   */
  static JudgeFailure judgeFailed(Map<String, Metric> metrics, List<Task> pilot, List<ItemResult> stored) {
    Map<String, ItemResult> byTask = new HashMap<>();
    for (ItemResult r : stored) byTask.put(EvalRunner.key(r.variant(), r.itemIndex()), r);
    for (Map.Entry<String, Metric> metric : metrics.entrySet()) {
      if (!(metric.getValue() instanceof LlmJudge)) continue;
      List<ItemResult> failed = new ArrayList<>();
      boolean answered = false;
      for (Task t : pilot) {
        ItemResult r = byTask.get(EvalRunner.key(t.variant().name(), t.item().index()));
        Measurement m = r == null || !r.succeeded() ? null : r.metrics().get(metric.getKey());
        if (m == null) continue;
        if (!LlmJudge.everyCallFailed(m)) {
          answered = true;
          break;
        }
        failed.add(r.failedScoring("metric " + metric.getKey() + " (" + metric.getValue().name() + "): " + m.note()));
      }
      if (!answered && !failed.isEmpty()) return new JudgeFailure(metric.getKey(), List.copyOf(failed));
    }
    return null;
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
