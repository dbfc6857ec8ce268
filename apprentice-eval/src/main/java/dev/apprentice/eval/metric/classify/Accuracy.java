package dev.apprentice.eval.metric.classify;

import dev.apprentice.eval.metric.CaseMetric;
import dev.apprentice.eval.metric.EvalCase;
import dev.apprentice.eval.metric.Measurement;
import dev.apprentice.eval.metric.Settings;
import java.util.Set;

/**
 * {@code accuracy}: 1 when the answer, read as a label ({@link Labels}), is the item's gold label (its label, else
 * its first reference), else 0; the corpus value is the fraction correct (0-1). Setting: {@code lowercase} (true).
 */
public final class Accuracy implements CaseMetric {

  /** The settings {@code accuracy} and {@code macro_f1} read. */
  public static final Set<String> SETTING_NAMES = Set.of("lowercase");

  private final Labels labels;

  public Accuracy(Labels labels) {
    this.labels = labels;
  }

  public static Accuracy from(Settings s) {
    return new Accuracy(new Labels(s.bool("lowercase", true)));
  }

  @Override
  public String name() {
    return "accuracy";
  }

  @Override
  public Measurement measure(EvalCase item) {
    String gold = item.goldLabel();
    if (gold == null) return Measurement.unscored("the item has no label");
    return Measurement.of(labels.normalize(item.output()).equals(labels.normalize(gold)) ? 1 : 0);
  }
}
