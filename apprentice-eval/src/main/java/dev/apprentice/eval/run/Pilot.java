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
 * work: when every pilot item call of a variant failed ({@link Unanswered}), or every call of an LLM judge on the pilot
 * items, the rest is not run; nor is it when the gateway refused every pilot item call of a variant for a budget.
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
   * A judge metric none of whose calls on the items answered, with those items as failed results (the judge's error
   * first), in the items' order.
   */
  record JudgeFailure(String metric, List<ItemResult> items) {}

  /**
   * The first LLM judge metric (in the suite's order) every one of whose calls on the items of {@code tasks} (the
   * pilot's, or at the end of a run all of its items) failed, else null; null too when no such item was scored by a
   * judge. As with the item calls, every judge call failing is a setup problem (a judge model the server does not
   * know, a key that may not call it) far more often than bad luck: the rest of the run would pay for answers that no
   * judge scores, and a run whose judge never answered measured nothing on that metric. The items' answers and costs
   * are kept, each with the judge's failure as its error.
   */
  static JudgeFailure judgeFailed(Map<String, Metric> metrics, List<Task> tasks, List<ItemResult> stored) {
    Map<String, ItemResult> byTask = new HashMap<>();
    for (ItemResult r : stored) byTask.put(EvalRunner.key(r.variant(), r.itemIndex()), r);
    for (Map.Entry<String, Metric> metric : metrics.entrySet()) {
      if (!(metric.getValue() instanceof LlmJudge)) continue;
      List<ItemResult> failed = new ArrayList<>();
      boolean answered = false;
      for (Task t : tasks) {
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
