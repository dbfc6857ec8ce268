package dev.apprentice.guard.injection;

/**
 * Where a trained injection detector came from, stored beside it as {@code provenance.json} (Tribuo's own, finer
 * provenance is inside the model file).
 *
 * @param name            the detector's name ({@code default}, or the name given to {@code guard train})
 * @param trainedAt       ISO-8601 instant
 * @param trainingData    the training file's path, or {@code built-in}
 * @param trainingSha256  hex SHA-256 of the training data
 * @param injections      injection examples trained on
 * @param benign          benign examples trained on
 * @param embedder        the embedding model its features come from; scoring needs the same one
 * @param dimensions      the embedding's length
 * @param classifier      the Tribuo trainer and its settings
 * @param tribuoVersion   the Tribuo version that trained it
 * @param crossValidation how it did on held-out folds of its own training data
 */
public record DetectorProvenance(String name, String trainedAt, String trainingData, String trainingSha256,
    long injections, long benign, String embedder, int dimensions, String classifier, String tribuoVersion,
    CrossValidation crossValidation) {

  /**
   * Stratified k-fold results at the 0.5 threshold.
   *
   * @param folds             number of folds
   * @param accuracy          share of examples labelled right
   * @param recall            share of injections caught
   * @param falsePositiveRate share of benign examples flagged
   */
  public record CrossValidation(int folds, double accuracy, double recall, double falsePositiveRate) {}
}
