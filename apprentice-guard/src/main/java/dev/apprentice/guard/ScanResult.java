package dev.apprentice.guard;

import java.util.List;

/**
 * What one scanner found in one text: a value, never an exception, whatever the policy will decide.
 *
 * @param scanner  the scanner's name ({@code pii}, {@code secrets}, …)
 * @param findings non-overlapping findings sorted by start, offsets in the scanned text
 * @param risk     0 to 1: the highest finding score, 0 when nothing was found
 */
public record ScanResult(String scanner, List<Finding> findings, double risk) {

  public ScanResult {
    findings = List.copyOf(findings);
  }

  /** A result whose risk is its highest finding score. */
  public static ScanResult of(String scanner, List<Finding> findings) {
    double risk = 0;
    for (Finding finding : findings) risk = Math.max(risk, finding.score());
    return new ScanResult(scanner, findings, risk);
  }

  public boolean isEmpty() {
    return findings.isEmpty();
  }
}
