package dev.apprentice.eval.run;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether every variant answered some of a run's item calls: checked on the pilot's calls once they are stored, and on
 * every call of a run once its every item is stored (a run without a pilot, {@code pilot_items: 0}, must not end
 * completed, exit 0, with a variant that never answered, which measured nothing). A call the gateway refused for a
 * budget ({@link ItemResult#refusedForBudget}) says nothing about the setup: a variant with no answer and some other
 * failure failed ({@link #firstFailure}), while one whose calls were all refused so ran out of budget
 * ({@link #firstBudgetRefusal}).
 */
final class Unanswered {

  private Unanswered() {}

  /**
   * The first failed result (in the order of {@code tasks}, each task's stored result, an earlier invocation's
   * included) of a variant that has no successful result and at least one failure other than a budget refusal; that
   * failure is the first such one. Null when every variant answered some item, or had nothing but budget refusals.
   */
  static ItemResult firstFailure(List<Task> tasks, List<ItemResult> stored) {
    return first(tasks, stored, false);
  }

  /**
   * The first result (in the order of {@code tasks}) of a variant that has no successful result and whose every stored
   * result is a budget refusal; null when there is none.
   */
  static ItemResult firstBudgetRefusal(List<Task> tasks, List<ItemResult> stored) {
    return first(tasks, stored, true);
  }

  private static ItemResult first(List<Task> tasks, List<ItemResult> stored, boolean refusedForBudget) {
    Map<String, ItemResult> byTask = new HashMap<>();
    for (ItemResult r : stored) byTask.put(EvalRunner.key(r.variant(), r.itemIndex()), r);
    Set<String> answered = new HashSet<>();
    Set<String> failedOtherwise = new HashSet<>();
    Map<String, ItemResult> first = new LinkedHashMap<>();
    for (Task t : tasks) {
      ItemResult r = byTask.get(EvalRunner.key(t.variant().name(), t.item().index()));
      if (r == null) continue;
      if (r.succeeded()) {
        answered.add(r.variant());
      } else if (r.refusedForBudget() == refusedForBudget) {
        first.putIfAbsent(r.variant(), r);
      } else {
        failedOtherwise.add(r.variant());
      }
    }
    for (Map.Entry<String, ItemResult> e : first.entrySet()) {
      boolean onlyRefusals = !failedOtherwise.contains(e.getKey());
      if (!answered.contains(e.getKey()) && (!refusedForBudget || onlyRefusals)) return e.getValue();
    }
    return null;
  }
}
