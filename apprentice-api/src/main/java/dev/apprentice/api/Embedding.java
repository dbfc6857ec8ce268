package dev.apprentice.api;

/**
 * One text's embedding.
 *
 * @param vector    unit-length vector
 * @param tokens    tokens the model read (after truncation, special tokens included)
 * @param truncated true when the text was longer than the model's window and its tail was cut
 */
public record Embedding(float[] vector, int tokens, boolean truncated) {

  /** Cosine similarity with another unit vector (their dot product). */
  public double cosine(Embedding other) {
    float[] a = vector;
    float[] b = other.vector;
    double sum = 0;
    for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
    return sum;
  }
}
