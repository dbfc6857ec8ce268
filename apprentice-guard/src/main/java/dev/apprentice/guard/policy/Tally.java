package dev.apprentice.guard.policy;

import dev.apprentice.api.DeadlineExceededException;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Origin;
import dev.apprentice.guard.Overlaps;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.chat.ScanUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What one input scanner found in one pass of a call (the request's texts, or the documents a RAG step retrieved for
 * it): the findings that count (at or above the scanner's threshold) by type, the highest risk, and the time its
 * scans took; one verdict. Not thread-safe: one pass reads its texts one after the other.
 */
public final class Tally {

  private final String direction;
  private final Scanner scanner;
  private final Action action;
  private final Map<String, Integer> found = new TreeMap<>();
  private double risk;
  private long nanos;

  Tally(String direction, Scanner scanner, Action action) {
    this.direction = direction;
    this.scanner = scanner;
    this.action = action;
  }

  public Action action() {
    return action;
  }

  /** The findings of {@code text} that count. */
  public List<Finding> scan(String text, Origin origin) {
    return scan(List.of(this), text, origin).getFirst();
  }

  /** The findings of one unit of a request's texts that count, in the unit's joined text. */
  public List<Finding> scan(ScanUnit unit) {
    return scan(List.of(this), unit).getFirst();
  }

  /**
   * What each of {@code tallies} finds in {@code text} and counts, read together: a value one scanner finds inside a
   * secret another finds is part of the secret, and counts for neither scanner as a value
   * ({@link Overlaps#betweenScanners}).
   *
   * @return the findings that count, one list per tally, in their order
   */
  public static List<List<Finding>> scan(List<Tally> tallies, String text, Origin origin) {
    return together(tallies, tally -> tally.read(() -> tally.scanner.scan(text, origin)));
  }

  /** {@link #scan(List, String, Origin)} for one unit of a request's texts: offsets in the unit's joined text. */
  public static List<List<Finding>> scan(List<Tally> tallies, ScanUnit unit) {
    return together(tallies, tally -> tally.read(() -> unit.scan(tally.scanner)));
  }

  private static List<List<Finding>> together(List<Tally> tallies, Function<Tally, ScanResult> read) {
    List<ScanResult> results = new ArrayList<>(tallies.size());
    List<Double> thresholds = new ArrayList<>(tallies.size());
    for (Tally tally : tallies) {
      results.add(read.apply(tally));
      thresholds.add(tally.scanner.threshold());
    }
    results = Overlaps.betweenScanners(results, thresholds);
    List<List<Finding>> counted = new ArrayList<>(tallies.size());
    for (int i = 0; i < tallies.size(); i++) counted.add(tallies.get(i).count(results.get(i)));
    return counted;
  }

  /**
   * What the scanner finds, timed.
   *
   * @throws DeadlineExceededException when the scanner could not read the text before the call's deadline, saying which
   *                                   scanner and which texts
   */
  private ScanResult read(Supplier<ScanResult> scan) {
    long start = System.nanoTime();
    ScanResult result;
    try {
      result = scan.get();
    } catch (DeadlineExceededException e) {
      throw new DeadlineExceededException("the guardrail's '" + scanner.name() + "' scanner reading the "
          + (GuardVerdict.RETRIEVED.equals(direction) ? "retrieved passages" : "request"), e);
    }
    nanos += System.nanoTime() - start;
    return result;
  }

  /** The findings of {@code result} that count, counted by type; its risk counts towards the verdict's. */
  private List<Finding> count(ScanResult result) {
    risk = Math.max(risk, result.risk());
    List<Finding> counted = new ArrayList<>();
    for (Finding finding : result.findings()) {
      if (finding.score() < scanner.threshold()) continue;
      counted.add(finding);
      found.merge(finding.type(), 1, Integer::sum);
    }
    return counted;
  }

  /** True when some finding counted. */
  public boolean found() {
    return !found.isEmpty();
  }

  /** The verdict of the pass so far: {@code pass} when nothing counted, else the action's label. */
  public GuardVerdict verdict() {
    return new GuardVerdict(direction, scanner.name(), risk, found.isEmpty() ? Verdicts.PASS : action.label(), found,
        nanos / 1_000);
  }
}
