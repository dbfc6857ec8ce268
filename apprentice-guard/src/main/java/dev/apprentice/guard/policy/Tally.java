package dev.apprentice.guard.policy;

import dev.apprentice.api.DeadlineExceededException;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Origin;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.chat.ScanUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    return count(() -> scanner.scan(text, origin));
  }

  /** The findings of one unit of a request's texts that count, in the unit's joined text. */
  public List<Finding> scan(ScanUnit unit) {
    return count(() -> unit.scan(scanner));
  }

  /**
   * @throws DeadlineExceededException when the scanner could not read the text before the call's deadline, saying which
   *                                   scanner and which texts
   */
  private List<Finding> count(Supplier<ScanResult> scan) {
    long start = System.nanoTime();
    ScanResult result;
    try {
      result = scan.get();
    } catch (DeadlineExceededException e) {
      throw new DeadlineExceededException("the guardrail's '" + scanner.name() + "' scanner reading the "
          + (GuardVerdict.RETRIEVED.equals(direction) ? "retrieved passages" : "request"), e);
    }
    nanos += System.nanoTime() - start;
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
