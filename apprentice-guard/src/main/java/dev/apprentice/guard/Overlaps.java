package dev.apprentice.guard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Makes findings disjoint. A finding inside a longer one goes (an IP inside a URL, digits inside an IBAN: the outer
 * span already covers them); of two that partly overlap, or cover the same span, the higher score wins, then the
 * longer, then the more specific type (a validated card beats a phone reading of the same digits). An inner
 * finding whose container lost to a third one comes back if it is clear of everything kept.
 */
public final class Overlaps {

  private static final List<String> SPECIFICITY = List.of("SECRET", "CREDIT_CARD", "IBAN_CODE", "CRYPTO", "US_SSN",
      "EMAIL_ADDRESS", "IP_ADDRESS", "URL", "PHONE_NUMBER");

  private static final Comparator<Finding> BEST_FIRST = Comparator.comparingDouble(Finding::score).reversed()
      .thenComparing(Comparator.comparingInt(Finding::length).reversed())
      .thenComparingInt(f -> specificity(f.type()))
      .thenComparingInt(Finding::start);

  private Overlaps() {}

  /**
   * Disjoint findings sorted by start. O(n log n): a text built to produce thousands of findings ("xoxb-xoxb-…" in an
   * 8 MB body) must not cost a quadratic comparison of every pair.
   */
  public static List<Finding> resolve(List<Finding> findings) {
    if (findings.size() < 2) return findings;
    boolean[] inside = containedOnes(findings);
    List<Finding> outer = new ArrayList<>(findings.size());
    List<Finding> inner = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) (inside[i] ? inner : outer).add(findings.get(i));
    outer.sort(BEST_FIRST);
    inner.sort(BEST_FIRST);
    TreeMap<Integer, Finding> kept = new TreeMap<>();
    for (Finding candidate : outer) keepIfClear(kept, candidate);
    for (Finding candidate : inner) keepIfClear(kept, candidate);
    return new ArrayList<>(kept.values());
  }

  /**
   * Disjoint findings where those scoring at least {@code threshold} are resolved first and the others only fill the
   * gaps: a finding that counts is never lost to a longer one that does not (an e-mail address inside a URL that
   * scores below the threshold would otherwise go with the URL, and the address be passed on).
   */
  public static List<Finding> resolve(List<Finding> findings, double threshold) {
    List<Finding> counted = new ArrayList<>(findings.size());
    List<Finding> below = new ArrayList<>();
    for (Finding finding : findings) (finding.score() >= threshold ? counted : below).add(finding);
    if (counted.isEmpty() || below.isEmpty()) return resolve(findings);
    List<Finding> ranked = new ArrayList<>(resolve(counted));
    ranked.addAll(resolve(below));
    return firstClear(ranked);
  }

  /**
   * Which findings lie inside a longer one: in order of start, longer first, a finding is inside when an earlier one
   * of another span reaches at least as far.
   */
  private static boolean[] containedOnes(List<Finding> findings) {
    Integer[] order = new Integer[findings.size()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, Comparator.<Integer>comparingInt(i -> findings.get(i).start())
        .thenComparing(Comparator.<Integer>comparingInt(i -> findings.get(i).end()).reversed()));
    boolean[] inside = new boolean[findings.size()];
    int reach = Integer.MIN_VALUE;
    for (int k = 0; k < order.length; ) {
      Finding span = findings.get(order[k]);
      int group = k;
      while (group < order.length && findings.get(order[group]).start() == span.start()
          && findings.get(order[group]).end() == span.end()) {
        inside[order[group++]] = reach >= span.end();
      }
      reach = Math.max(reach, span.end());
      k = group;
    }
    return inside;
  }

  /** Each finding, in the order given, that overlaps none kept before it; in order of start. */
  public static List<Finding> firstClear(List<Finding> ranked) {
    TreeMap<Integer, Finding> kept = new TreeMap<>();
    for (Finding candidate : ranked) keepIfClear(kept, candidate);
    return new ArrayList<>(kept.values());
  }

  /** Adds {@code candidate} unless it overlaps a finding kept already (kept ones are disjoint, keyed by start). */
  private static void keepIfClear(TreeMap<Integer, Finding> kept, Finding candidate) {
    Map.Entry<Integer, Finding> before = kept.floorEntry(candidate.end() - 1);
    if (before != null && before.getValue().overlaps(candidate)) return;
    kept.put(candidate.start(), candidate);
  }

  private static int specificity(String type) {
    int index = SPECIFICITY.indexOf(type);
    return index < 0 ? SPECIFICITY.size() : index;
  }
}
