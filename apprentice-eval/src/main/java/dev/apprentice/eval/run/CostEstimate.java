package dev.apprentice.eval.run;

import java.util.Map;

/**
 * What a run is expected to cost, extrapolated from the items already run (the pilot, and on a resume the stored
 * ones): the spend so far plus, per variant, its mean cost per item (call and scoring) times its items still to
 * run.
 *
 * @param spentUsd        spent so far on this run
 * @param totalUsd        the expected total for the whole run
 * @param pendingItems    item calls still to run
 * @param perItemUsd      mean cost per item by variant (variants with no successful item yet are absent)
 * @param budgetUsd       the cap, or null
 */
public record CostEstimate(double spentUsd, double totalUsd, int pendingItems, Map<String, Double> perItemUsd,
    Double budgetUsd) {

  public CostEstimate {
    perItemUsd = Map.copyOf(perItemUsd);
  }

  /** True when the estimate is above the cap. */
  public boolean overBudget() {
    return budgetUsd != null && totalUsd > budgetUsd;
  }
}
