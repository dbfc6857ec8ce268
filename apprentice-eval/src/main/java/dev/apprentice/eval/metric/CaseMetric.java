package dev.apprentice.eval.metric;

import java.util.List;

/**
 * A metric that reads more of an item than its output and references (the input, the gold context ids, the
 * retrieved chunks), or that reports more than a value (a judge's cost). {@link #score} is the case with only an
 * output and references.
 */
public interface CaseMetric extends Metric {

  /** Measures one item; an item the metric cannot score gives {@link Measurement#unscored}, never an exception. */
  Measurement measure(EvalCase item);

  @Override
  default Score score(String hypothesis, List<String> references) {
    Measurement m = measure(EvalCase.text(hypothesis, references));
    if (!m.scored()) throw new IllegalArgumentException(name() + " cannot score this case: " + m.note());
    return Score.of(m.value());
  }
}
