package dev.apprentice.guard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Makes findings disjoint. A finding inside a longer one goes (an IP inside a URL, digits inside an IBAN: the outer
 * span already covers them); of two that partly overlap, or cover the same span, the higher score wins, then the
 * longer, then the more specific type (a validated card beats a phone reading of the same digits). An inner
 * finding whose container lost to a third one comes back if it is clear of everything kept. Between scanners
 * ({@link #betweenScanners}), a value inside a secret is part of the secret; what is replaced
 * ({@link #covering}) covers every character of every finding, so no value goes on half replaced.
 */
public final class Overlaps {

  private static final String SECRET = "SECRET";
  private static final List<String> SPECIFICITY = List.of(SECRET, "CREDIT_CARD", "IBAN_CODE", "CRYPTO", "US_SSN",
      "EMAIL_ADDRESS", "IP_ADDRESS", "URL", "PHONE_NUMBER");
  /** The types of personal values: what a secret's characters may also read as. */
  private static final Set<String> VALUES = Set.copyOf(SPECIFICITY.subList(1, SPECIFICITY.size()));

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

  /** What each of {@code scanners} finds in {@code text}, in their order, read together ({@link #betweenScanners}). */
  public static List<ScanResult> scanTogether(List<? extends Scanner> scanners, String text) {
    List<ScanResult> results = new ArrayList<>(scanners.size());
    List<Double> thresholds = new ArrayList<>(scanners.size());
    for (Scanner scanner : scanners) {
      results.add(scanner.scan(text));
      thresholds.add(scanner.threshold());
    }
    return betweenScanners(results, thresholds);
  }

  /**
   * What several scanners found in one text, each scanner's result less the values that lie inside a longer secret
   * another found: a value inside a secret is part of the secret (the digits of an API key are no phone number).
   * Only a secret that counts (scores at least its scanner's threshold) takes a value in: one that does not leaves
   * the value counting on its own. Every other overlap between scanners stands, both findings kept: a value that
   * spells the very characters of a secret is both (a password that is a valid IBAN), a secret inside a URL's query
   * is a secret all the same (for {@code secrets: block} to refuse it), and an instruction the injection detector
   * finds is no value. A result that loses a finding has its risk taken from what it keeps; the others are returned
   * as they came. Scan output, verdicts, redaction and the trace all read findings through this one rule.
   *
   * @param results    each scanner's result for the same text
   * @param thresholds each scanner's threshold, in the order of {@code results}
   */
  public static List<ScanResult> betweenScanners(List<ScanResult> results, List<Double> thresholds) {
    List<Finding> secrets = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      for (Finding f : results.get(i).findings()) {
        if (SECRET.equals(f.type()) && f.score() >= thresholds.get(i)) secrets.add(f);
      }
    }
    if (secrets.isEmpty()) return results;
    TreeMap<Integer, Integer> spans = spans(secrets);
    List<ScanResult> kept = new ArrayList<>(results.size());
    for (ScanResult result : results) kept.add(outside(result, spans));
    return kept;
  }

  /** The spans {@code findings} cover, overlapping ones joined: end by start. */
  private static TreeMap<Integer, Integer> spans(List<Finding> findings) {
    List<Finding> byStart = new ArrayList<>(findings);
    byStart.sort(Comparator.comparingInt(Finding::start));
    TreeMap<Integer, Integer> spans = new TreeMap<>();
    Map.Entry<Integer, Integer> last = null;
    for (Finding f : byStart) {
      if (last != null && f.start() < last.getValue()) {
        spans.put(last.getKey(), Math.max(last.getValue(), f.end()));
      } else {
        spans.put(f.start(), f.end());
      }
      last = spans.lastEntry();
    }
    return spans;
  }

  /** True when {@code value} lies inside one of {@code spans} and is shorter: not the very same characters. */
  private static boolean inside(Finding value, TreeMap<Integer, Integer> spans) {
    Map.Entry<Integer, Integer> span = spans.floorEntry(value.start());
    return span != null && span.getValue() >= value.end() && span.getValue() - span.getKey() > value.length();
  }

  /** {@code result} without its values that lie inside one of the secrets' {@code spans}. */
  private static ScanResult outside(ScanResult result, TreeMap<Integer, Integer> spans) {
    List<Finding> kept = new ArrayList<>(result.findings().size());
    for (Finding f : result.findings()) {
      if (!VALUES.contains(f.type()) || !inside(f, spans)) kept.add(f);
    }
    if (kept.size() == result.findings().size()) return result;
    double risk = 0;
    for (Finding f : kept) risk = Math.max(risk, f.score());
    return new ScanResult(result.scanner(), kept, risk);
  }

  /**
   * The spans to replace for {@code findings} in {@code text}: {@link #resolve resolved}, and then each kept finding
   * stretched over the findings it beat that reach beyond it (a phone number read from a password's last digits and
   * the digits after it), which also joins kept findings such a loser links. Every character of every finding is then
   * inside a replaced span, under the type of the best finding there: the upstream never gets the rest of a value
   * another finding cut into. An empty finding has nothing to replace, and none is made of it.
   */
  public static List<Finding> covering(List<Finding> findings, String text) {
    List<Finding> spans = new ArrayList<>(findings.size());
    for (Finding f : findings) if (f.length() > 0) spans.add(f); // an empty one has nothing to replace
    List<Finding> chosen = resolve(spans);
    if (chosen.size() == spans.size()) return chosen;
    List<Finding> byStart = new ArrayList<>(spans);
    byStart.sort(Comparator.comparingInt(Finding::start));
    List<Finding> covering = new ArrayList<>(chosen.size());
    int next = 0;
    int k = 0;
    while (k < byStart.size()) {
      int start = byStart.get(k).start();
      int end = byStart.get(k).end();
      for (k++; k < byStart.size() && byStart.get(k).start() < end; k++) end = Math.max(end, byStart.get(k).end());
      Finding best = null;
      for (; next < chosen.size() && chosen.get(next).start() < end; next++) {
        if (best == null || BEST_FIRST.compare(chosen.get(next), best) < 0) best = chosen.get(next);
      }
      if (best == null) continue; // every finding overlaps one kept: never happens
      covering.add(best.start() == start && best.end() == end ? best
          : new Finding(best.type(), best.subtype(), start, end, best.score(), text.substring(start, end)));
    }
    return covering;
  }
}
