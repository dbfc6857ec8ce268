package dev.apprentice.eval.metric.bleu;

import java.util.List;

/**
 * A BLEU score with sacreBLEU's details: the score (0-100), the n-gram precisions (0-100, after smoothing), the
 * brevity penalty and the lengths.
 */
public record BleuScore(double score, List<Double> precisions, double brevityPenalty, long sysLen, long refLen) {

  public BleuScore {
    precisions = List.copyOf(precisions);
  }
}
