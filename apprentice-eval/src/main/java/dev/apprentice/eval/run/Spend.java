package dev.apprentice.eval.run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's spend against its cap. Before an item starts it reserves what an item of its variant may cost (twice the
 * most one has cost so far); when it ends the reservation is replaced by the actual cost. An item that does not fit
 * under the cap beside the items in flight does not start. While a variant's cost is still unknown, its first item
 * runs alone (no other item of unknown cost is in flight), so the cap can be passed only by a first item that alone
 * costs more than what is left of it. Thread-safe.
 */
final class Spend {

  private final Double budgetUsd;
  private final Map<String, Double> dearest = new HashMap<>();
  private boolean probing;
  private double spent;
  private double reserved;

  /** @param stored the run's results so far (a resume): their spend counts, and their costs are known */
  Spend(Double budgetUsd, List<ItemResult> stored) {
    this.budgetUsd = budgetUsd;
    for (ItemResult r : stored) {
      spent += r.totalCostUsd();
      if (r.succeeded()) dearest.merge(r.variant(), r.totalCostUsd(), Math::max);
    }
  }

  /**
   * Reserves what an item of this variant may cost, waiting while an item of unknown cost is in flight. Returns the
   * reservation, or -1 when the cap does not allow the item (the run should stop starting items).
   */
  synchronized double tryReserve(String variant) throws InterruptedException {
    if (budgetUsd == null) return 0;
    while (!dearest.containsKey(variant) && probing) wait();
    if (spent > 0 && spent >= budgetUsd) return -1;
    Double known = dearest.get(variant);
    double usd = known == null ? 0 : 2 * known;
    if (spent + reserved + usd > budgetUsd) return -1;
    if (known == null) probing = true;
    reserved += usd;
    return usd;
  }

  /** An item that reserved {@code reservedUsd} ended having cost {@code actualUsd}; null cost: it failed. */
  synchronized void settle(String variant, double reservedUsd, double actualUsd, boolean succeeded) {
    reserved -= reservedUsd;
    spent += actualUsd;
    boolean wasUnknown = !dearest.containsKey(variant);
    if (succeeded) dearest.merge(variant, actualUsd, Math::max);
    if (wasUnknown) probing = false;
    notifyAll();
  }

  synchronized double spent() {
    return spent;
  }
}
