package dev.apprentice.bench;

import dev.apprentice.bench.CacheQualityBench.Nearest;
import java.util.Locale;
import java.util.stream.IntStream;

/** How often the cache's HNSW search found the same nearest question as an exhaustive comparison would. */
final class KnnAgreement {

  private final float[][] cached;
  private final float[][] queries;
  private final Nearest[] found;

  KnnAgreement(float[][] cached, float[][] queries, Nearest[] found) {
    this.cached = cached;
    this.queries = queries;
    this.found = found;
  }

  String summary() {
    double[] exhaustive = IntStream.range(0, queries.length).parallel().mapToDouble(this::best).toArray();
    int same = 0;
    int decisions = 0;
    int differing = 0;
    for (int q = 0; q < queries.length; q++) {
      double knn = found[q] == null ? Double.NEGATIVE_INFINITY : found[q].similarity();
      if (Math.abs(knn - exhaustive[q]) <= 1e-5) same++;
      for (double t : CacheQualityBench.THRESHOLDS) {
        decisions++;
        if ((knn >= t) != (exhaustive[q] >= t)) differing++;
      }
    }
    return String.format(Locale.ROOT, "HNSW found the exhaustive nearest neighbour for %d of %d questions (%.2f%%); "
        + "hit-or-miss decisions that differ from an exhaustive search: %d of %d", same, queries.length,
        100.0 * same / queries.length, differing, decisions);
  }

  private double best(int q) {
    float[] query = queries[q];
    double best = Double.NEGATIVE_INFINITY;
    for (float[] c : cached) {
      float dot = 0;
      for (int i = 0; i < query.length; i++) dot += query[i] * c[i];
      best = Math.max(best, dot);
    }
    return best;
  }
}
