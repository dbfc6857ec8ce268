package dev.apprentice.eval.metric;

/** What a metric gives for a case or a corpus: one number, or precision, recall and F-measure (ROUGE). */
public sealed interface Score {

  /** The headline number: the value itself, or the F-measure. */
  double value();

  /** A single number, on the scale of its metric (sacreBLEU's 0-100 for BLEU, chrF, TER, EM and F1). */
  record Value(double value) implements Score {}

  /** Precision, recall and their harmonic mean, on 0-1 as rouge-score reports them. */
  record PrecisionRecall(double precision, double recall, double fmeasure) implements Score {

    /** Precision and recall with rouge-score's F-measure: 2PR/(P+R), and 0 when both are 0. */
    public static PrecisionRecall of(double precision, double recall) {
      double sum = precision + recall;
      return new PrecisionRecall(precision, recall, sum > 0 ? 2 * precision * recall / sum : 0.0);
    }

    @Override
    public double value() {
      return fmeasure;
    }
  }

  static Score of(double value) {
    return new Value(value);
  }
}
