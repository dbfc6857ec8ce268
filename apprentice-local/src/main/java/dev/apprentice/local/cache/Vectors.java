package dev.apprentice.local.cache;

/** Vector arithmetic the cache needs. */
final class Vectors {

  private Vectors() {}

  /** A unit-length copy of the vector (a zero vector stays zero). */
  static float[] unit(float[] v) {
    double sum = 0;
    for (float x : v) sum += (double) x * x;
    float[] out = v.clone();
    if (sum == 0) return out;
    double scale = 1.0 / Math.sqrt(sum);
    for (int i = 0; i < out.length; i++) out[i] = (float) (out[i] * scale);
    return out;
  }
}
