package dev.apprentice.eval.metric;

import java.util.List;

/**
 * Scores one case: a hypothesis (a model's output, rouge-score's "prediction") against one or more references
 * (rouge-score's "target"). A metric is made with its settings fixed (see {@link MetricRegistry}) and is safe to
 * share between threads.
 */
public interface Metric {

  /** The registry name, e.g. {@code bleu} or {@code rougeL}. */
  String name();

  /**
   * The score of one hypothesis against its references (at least one). A metric that compares against several
   * references does what its reference implementation does: BLEU clips by the most generous reference, ROUGE and
   * SQuAD take the best reference, TER the fewest edits.
   */
  Score score(String hypothesis, List<String> references);
}
