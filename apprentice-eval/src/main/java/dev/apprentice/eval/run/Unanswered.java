package dev.apprentice.eval.run;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pilot's check that every variant answers, made again over a whole run once its every item is stored: a run
 * without a pilot ({@code pilot_items: 0}) must not end completed, exit 0, with a variant that never answered, which
 * measured nothing. A call the gateway refused for a budget ({@link ItemResult#refusedForBudget}) was skipped, not
 * failed: a variant whose items were all refused so does not fail the run (the gate still says it scored nothing).
 */
final class Unanswered {

  private Unanswered() {}

  /**
   * The first failed result (in the order of {@code tasks}, each task's stored result, an earlier invocation's
   * included) of a variant that has no successful result and at least one failure other than a budget refusal; that
   * failure is the first such one. Null when every variant answered some item, or had nothing but budget refusals.
   */
  static ItemResult firstFailure(List<Task> tasks, List<ItemResult> stored) {
    Map<String, ItemResult> byTask = new HashMap<>();
    for (ItemResult r : stored) byTask.put(EvalRunner.key(r.variant(), r.itemIndex()), r);
    Set<String> answered = new HashSet<>();
    Map<String, ItemResult> firstFailure = new LinkedHashMap<>();
    for (Task t : tasks) {
      ItemResult r = byTask.get(EvalRunner.key(t.variant().name(), t.item().index()));
      if (r == null) continue;
      if (r.succeeded()) {
        answered.add(r.variant());
      } else if (!r.refusedForBudget()) {
        firstFailure.putIfAbsent(r.variant(), r);
      }
    }
    for (Map.Entry<String, ItemResult> e : firstFailure.entrySet()) {
      if (!answered.contains(e.getKey())) return e.getValue();
    }
    return null;
  }
}
