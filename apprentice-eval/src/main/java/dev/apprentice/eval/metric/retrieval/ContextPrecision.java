package dev.apprentice.eval.metric.retrieval;

import dev.apprentice.eval.metric.CaseMetric;
import dev.apprentice.eval.metric.EvalCase;
import dev.apprentice.eval.metric.Measurement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code context_precision}: how well the retrieved chunks are ranked, RAGAS's definition with gold context ids in
 * place of an LLM's relevance verdicts: the mean of precision@k over the ranks k that hold a relevant chunk (average
 * precision), 0 when none is relevant (0-1). A chunk is relevant when its chunk id or document id is a gold id.
 */
public final class ContextPrecision implements CaseMetric {

  @Override
  public String name() {
    return "context_precision";
  }

  @Override
  public Measurement measure(EvalCase item) {
    if (item.contextIds().isEmpty()) return Measurement.unscored("the item has no expected.context_ids");
    List<String> retrieved = item.retrievedIds();
    if (retrieved.isEmpty()) return Measurement.of(0);
    Set<String> gold = new HashSet<>(item.contextIds());
    double sum = 0;
    int relevant = 0;
    for (int k = 0; k < retrieved.size(); k++) {
      if (ContextIds.relevant(retrieved.get(k), gold)) {
        relevant++;
        sum += relevant / (double) (k + 1);
      }
    }
    return Measurement.of(relevant == 0 ? 0 : sum / relevant);
  }
}
