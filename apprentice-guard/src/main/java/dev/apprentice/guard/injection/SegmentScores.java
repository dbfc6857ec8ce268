package dev.apprentice.guard.injection;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.apprentice.guard.TextDigest;

/**
 * The scores one detector gave to segments it has read, by the segment's {@link TextDigest} (no prompt text outlives
 * its call in memory), the most recently used kept. A score depends only on the detector and the segment, not on a
 * guard block's threshold or limit, so every {@link InjectionScanner} over the same detector shares one: a segment
 * is embedded once whichever model's call reads it, and the memory bound is the server's, not each model's. Never
 * share one between two detectors.
 */
public final class SegmentScores {

  /** Segment scores remembered by default. */
  public static final int DEFAULT_KEPT = 20_000;

  private final Cache<TextDigest, Double> scores;

  public SegmentScores() {
    this(DEFAULT_KEPT);
  }

  public SegmentScores(int kept) {
    this.scores = Caffeine.newBuilder().maximumSize(kept).build();
  }

  /** The score remembered for this segment, or null. */
  Double known(TextDigest segment) {
    return scores.getIfPresent(segment);
  }

  void remember(TextDigest segment, double score) {
    scores.put(segment, score);
  }
}
