package dev.apprentice.bench;

import dev.apprentice.api.cache.CacheHit;
import dev.apprentice.bench.CacheQualityBench.Nearest;
import dev.apprentice.local.cache.LuceneResponseCache;
import java.util.List;
import java.util.Optional;

/**
 * Checks that deriving every threshold's outcome from one threshold-free lookup is exactly what the real lookup
 * returns at that threshold: on a sample with the question's vector given, and on a smaller one where the cache embeds
 * the question itself (as the gateway's lookups do).
 */
final class ThresholdCheck {

  private static final int VECTOR_SAMPLE_EVERY = 15;
  private static final int EMBEDDING_SAMPLE_EVERY = 100;
  static final double ULP_SLACK = 1e-6;

  private final LuceneResponseCache cache;
  private final CacheRules rules;
  private final List<Banking77Data.Row> questions;
  private final float[][] vectors;
  private final Nearest[] nearest;

  ThresholdCheck(LuceneResponseCache cache, CacheRules rules, List<Banking77Data.Row> questions, float[][] vectors,
      Nearest[] nearest) {
    this.cache = cache;
    this.rules = rules;
    this.questions = questions;
    this.vectors = vectors;
    this.nearest = nearest;
  }

  /**
   * Prints both checks. Fails when a real lookup with the same vector finds another entry, or decides hit or miss
   * otherwise for a similarity farther than {@link #ULP_SLACK} from the threshold: the only difference allowed is the
   * last float bit of the similarity, which Lucene's SIMD dot product rounds differently before and after the JIT
   * compiles it.
   */
  void verify(CacheBenchEmbedder embedder) {
    int checked = 0;
    int identical = 0;
    int lastBit = 0;
    for (int q = 0; q < questions.size(); q += VECTOR_SAMPLE_EVERY) {
      for (double t : CacheQualityBench.THRESHOLDS) {
        Optional<CacheHit> real = cache.lookup(rules.key(questions.get(q).text()),
            CacheQualityBench.policy(t), vectors[q]);
        checked++;
        Nearest n = nearest[q];
        boolean expected = n != null && n.similarity() >= t;
        if (real.isEmpty() && !expected) {
          identical++;
        } else if (real.isPresent() && n != null && CacheQualityBench.rowOf(real.get().response()) == n.row()
            && Math.abs(real.get().similarity() - n.similarity()) <= ULP_SLACK) {
          if (real.get().similarity() == n.similarity()) identical++;
          else lastBit++;
        } else if (n == null || Math.abs(n.similarity() - t) > ULP_SLACK) {
          throw new IllegalStateException(String.format("question %d at %.2f: derived %s, real %s", q, t, n,
              real.map(h -> h.similarity() + " " + h.response()).orElse("miss")));
        } else {
          lastBit++;
        }
      }
    }
    System.out.printf("check: real lookups with the same vector gave the derived outcome in %d of %d (question, "
        + "threshold) pairs exactly, %d more with a similarity off in the last float bit (JIT-dependent rounding)%n",
        identical, checked, lastBit);

    int embeddedChecked = 0;
    int embeddedDisagreed = 0;
    for (int q = 0; q < questions.size(); q += EMBEDDING_SAMPLE_EVERY) {
      for (double t : CacheQualityBench.THRESHOLDS) {
        Optional<CacheHit> real = cache.lookup(rules.key(questions.get(q).text()),
            CacheQualityBench.policy(t));
        embeddedChecked++;
        boolean expected = nearest[q] != null && nearest[q].similarity() >= t;
        if (real.isPresent() != expected) embeddedDisagreed++;
      }
    }
    System.out.printf("check: lookups that embed the question themselves (%s) agreed on hit or miss in %d of %d "
        + "pairs%n", embedder.model(), embeddedChecked - embeddedDisagreed, embeddedChecked);
  }
}
