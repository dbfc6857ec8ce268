package dev.apprentice.eval.run;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Whether every variant answered some of a run's item calls: checked on the pilot's calls once they are stored, and on
 * every call of a run once its every item is stored (a run without a pilot, {@code pilot_items: 0}, must not end
 * completed, exit 0, with a variant that never answered, which measured nothing). A call the gateway refused for a
 * key's or tenant's limits ({@link ItemResult#refusedByLimits}) says nothing about the setup: a variant with no answer
 * and some other failure failed ({@link #firstFailure}); one whose calls were all refused so ran out of budget when
 * a budget refused any of them ({@link #firstBudgetRefusal}), else was held back by a rate limit
 * ({@link #firstRateLimitRefusal}).
 */
final class Unanswered {

  private Unanswered() {}

  /**
   * The first failed result (in the order of {@code tasks}, each task's stored result, an earlier invocation's
   * included) of a variant that has no successful result and at least one failure other than a refusal by limits;
   * that failure is the first such one. Null when every variant answered some item, or had nothing but refusals.
   */
  static ItemResult firstFailure(List<Task> tasks, List<ItemResult> stored) {
    return first(tasks, stored, r -> !r.refusedByLimits());
  }

  /**
   * The first budget refusal (in the order of {@code tasks}) of a variant that has no successful result and whose
   * every stored failure is a refusal by limits, one at least for a budget; null when there is none.
   */
  static ItemResult firstBudgetRefusal(List<Task> tasks, List<ItemResult> stored) {
    return first(tasks, stored, ItemResult::refusedForBudget);
  }

  /**
   * The first result (in the order of {@code tasks}) of a variant that has no successful result and whose every
   * stored failure is a refusal by limits; null when there is none. Asked after {@link #firstBudgetRefusal}, it finds
   * the variants that only rate limits refused.
   */
  static ItemResult firstRateLimitRefusal(List<Task> tasks, List<ItemResult> stored) {
    return first(tasks, stored, ItemResult::refusedByLimits);
  }

  /**
   * The first result that is {@code kind} of a variant with no successful result and no failure that is neither
   * {@code kind} nor a refusal by limits.
   */
  private static ItemResult first(List<Task> tasks, List<ItemResult> stored, Predicate<ItemResult> kind) {
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
      } else if (kind.test(r)) {
        first.putIfAbsent(r.variant(), r);
      } else if (!r.refusedByLimits()) {
        failedOtherwise.add(r.variant());
      }
    }
    for (Map.Entry<String, ItemResult> e : first.entrySet()) {
      if (!answered.contains(e.getKey()) && !failedOtherwise.contains(e.getKey())) return e.getValue();
    }
    return null;
  }
}
