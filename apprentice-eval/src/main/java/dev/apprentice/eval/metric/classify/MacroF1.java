package dev.apprentice.eval.metric.classify;

import dev.apprentice.eval.metric.AggregateMetric;
import dev.apprentice.eval.metric.CorpusMetric;
import dev.apprentice.eval.metric.EvalCase;
import dev.apprentice.eval.metric.Measurement;
import dev.apprentice.eval.metric.Score;
import dev.apprentice.eval.metric.Settings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code macro_f1}: the F1 of every class, averaged with equal weight, over the classes that occur as gold or
 * predicted labels (scikit-learn's {@code f1_score(average="macro")}; a class with no true positive scores 0). Each
 * item contributes its correctness (1/0) as its value and the counts {@code tp:L}, {@code fp:L}, {@code fn:L} as
 * statistics; the corpus value is computed from the summed counts (0-1).
 */
public final class MacroF1 implements AggregateMetric, CorpusMetric {

  private final Labels labels;

  public MacroF1(Labels labels) {
    this.labels = labels;
  }

  public static MacroF1 from(Settings s) {
    return new MacroF1(new Labels(s.bool("lowercase", true)));
  }

  @Override
  public String name() {
    return "macro_f1";
  }

  @Override
  public Measurement measure(EvalCase item) {
    String gold = item.goldLabel();
    if (gold == null) return Measurement.unscored("the item has no label");
    String expected = labels.normalize(gold);
    String predicted = labels.normalize(item.output());
    Map<String, Double> counts = expected.equals(predicted)
        ? Map.of("tp:" + expected, 1.0)
        : Map.of("fn:" + expected, 1.0, "fp:" + predicted, 1.0);
    return new Measurement(expected.equals(predicted) ? 1 : 0, counts, 0, 0, null);
  }

  @Override
  public double fromSums(Map<String, Double> sums) {
    Map<String, double[]> classes = new HashMap<>();
    for (Map.Entry<String, Double> e : sums.entrySet()) {
      String key = e.getKey();
      double[] counts = classes.computeIfAbsent(key.substring(3), c -> new double[3]);
      counts[key.charAt(0) == 't' ? 0 : key.charAt(1) == 'p' ? 1 : 2] += e.getValue();
    }
    if (classes.isEmpty()) return Double.NaN;
    double total = 0;
    for (double[] c : classes.values()) total += c[0] == 0 ? 0 : 2 * c[0] / (2 * c[0] + c[1] + c[2]);
    return total / classes.size();
  }

  @Override
  public Score corpusScore(List<String> hypotheses, List<List<String>> references) {
    List<Measurement> items = new java.util.ArrayList<>(hypotheses.size());
    for (int i = 0; i < hypotheses.size(); i++) {
      items.add(measure(EvalCase.text(hypotheses.get(i), references.get(i))));
    }
    return Score.of(aggregate(items));
  }
}
