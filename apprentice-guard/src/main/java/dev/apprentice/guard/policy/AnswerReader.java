package dev.apprentice.guard.policy;

import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.Scanner;
import java.util.Map;
import java.util.TreeMap;

/**
 * One value scanner's reading of an answer ({@link AnswerValues}, or a stream's {@link StreamRedaction}): what counted,
 * by type, the highest risk, and the time its scans took. Not thread-safe.
 */
final class AnswerReader {

  final Scanner scanner;
  final Action action;
  final Map<String, Integer> found = new TreeMap<>();
  double risk;
  long nanos;

  AnswerReader(Scanner scanner, Action action) {
    this.scanner = scanner;
    this.action = action;
  }

  ScanResult scan(String text) {
    long start = System.nanoTime();
    ScanResult result = scanner.scan(text);
    nanos += System.nanoTime() - start;
    return result;
  }

  /**
   * Weighs one finding: true when it counts (it scores at least the scanner's threshold and the caller did not send
   * it), which is then counted by type. A value the caller sent (perhaps written another way) adds nothing, not even to
   * the risk; any other finding raises the risk to its score.
   */
  boolean take(Finding finding, CallerValues caller) {
    boolean counts = caller.counts(finding, scanner);
    if (counts) {
      found.merge(finding.type(), 1, Integer::sum);
    } else if (caller.sent(finding)) {
      return false; // the caller's own value or a passage's, echoed back (perhaps written another way)
    }
    risk = Math.max(risk, finding.score());
    return counts;
  }

  /** The verdict; on a stream, which has reached the caller already, a redaction is recorded as a flag. */
  GuardVerdict verdict(boolean streamed) {
    Action recorded = streamed && action == Action.REDACT ? Action.FLAG : action;
    return new GuardVerdict(GuardVerdict.OUTPUT, scanner.name(), risk,
        found.isEmpty() ? Verdicts.PASS : recorded.label(), found, nanos / 1_000);
  }
}
