package dev.apprentice.bench.pii;

import dev.apprentice.guard.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Span-level counts per entity type. A prediction matches an annotation of the same type when their character IoU
 * reaches the threshold; each prediction matches at most one annotation (the best-overlapping free one, annotations
 * taken in text order). Unmatched predictions are false positives, unmatched annotations false negatives.
 */
final class SpanTally {

  /** Counts of one entity type. */
  static final class Counts {
    int annotated;
    int predicted;
    int matched;

    double precision() {
      return predicted == 0 ? 0 : (double) matched / predicted;
    }

    double recall() {
      return annotated == 0 ? 0 : (double) matched / annotated;
    }

    double f2() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0 : 5 * p * r / (4 * p + r);
    }

    void add(Counts other) {
      annotated += other.annotated;
      predicted += other.predicted;
      matched += other.matched;
    }
  }

  /** A prediction or annotation that found no partner, for the error listing. */
  record Miss(String kind, String type, String value, String overlapping, String text) {}

  private final Set<String> types;
  private final double iouThreshold;
  private final Map<String, Counts> byType = new TreeMap<>();
  private final Map<String, Integer> falsePositivesOn = new TreeMap<>();
  private final List<Miss> misses = new ArrayList<>();

  SpanTally(Set<String> types, double iouThreshold) {
    this.types = types;
    this.iouThreshold = iouThreshold;
    for (String type : types) byType.put(type, new Counts());
  }

  void add(PiiDataset.Sample sample, List<Finding> predictions) {
    List<PiiDataset.Span> gold = new ArrayList<>(sample.spans());
    gold.sort(Comparator.comparingInt(PiiDataset.Span::start));
    List<Finding> free = new ArrayList<>();
    for (Finding p : predictions) {
      if (types.contains(p.type())) free.add(p);
    }
    for (Finding p : free) byType.get(p.type()).predicted++;
    for (PiiDataset.Span span : gold) {
      if (!types.contains(span.type())) continue;
      Counts counts = byType.get(span.type());
      counts.annotated++;
      Finding best = null;
      double bestIou = 0;
      for (Finding p : free) {
        double iou = span.iou(p.start(), p.end());
        if (p.type().equals(span.type()) && iou > bestIou) {
          best = p;
          bestIou = iou;
        }
      }
      if (best != null && bestIou >= iouThreshold) {
        counts.matched++;
        free.remove(best);
      } else {
        misses.add(new Miss("FN", span.type(), sample.text().substring(span.start(), span.end()),
            best == null ? "" : best.text(), sample.text()));
      }
    }
    for (Finding p : free) {
      String on = "O";
      for (PiiDataset.Span span : gold) {
        if (span.iou(p.start(), p.end()) > 0) on = span.type();
      }
      falsePositivesOn.merge(p.type() + " on " + on, 1, Integer::sum);
      misses.add(new Miss("FP", p.type(), p.text(), on, sample.text()));
    }
  }

  Map<String, Counts> byType() {
    return byType;
  }

  Counts overall() {
    Counts all = new Counts();
    for (Counts counts : byType.values()) all.add(counts);
    return all;
  }

  /** False positives by predicted type and the annotated type they fell on ("O": none). */
  Map<String, Integer> falsePositivesOn() {
    return falsePositivesOn;
  }

  List<Miss> misses() {
    return misses;
  }
}
