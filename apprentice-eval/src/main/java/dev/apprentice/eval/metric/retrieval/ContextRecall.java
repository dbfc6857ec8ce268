package dev.apprentice.eval.metric.retrieval;

import dev.apprentice.eval.metric.CaseMetric;
import dev.apprentice.eval.metric.EvalCase;
import dev.apprentice.eval.metric.Measurement;

/**
 * {@code context_recall}: the fraction of the item's gold context ids ({@code expected.context_ids}, chunk or
 * document ids) that the call retrieved (0-1).
 */
public final class ContextRecall implements CaseMetric {

  @Override
  public String name() {
    return "context_recall";
  }

  @Override
  public Measurement measure(EvalCase item) {
    if (item.contextIds().isEmpty()) return Measurement.unscored("the item has no expected.context_ids");
    long found = item.contextIds().stream().distinct().filter(id -> ContextIds.found(id, item.retrievedIds())).count();
    return Measurement.of(found / (double) item.contextIds().stream().distinct().count());
  }
}
