package dev.apprentice.guard.policy;

import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Overlaps;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.chat.ChatTexts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an answer for values the caller did not send, with every value scanner the policy's {@code output} gives an
 * action ({@code pii}, {@code secrets}). The scanners read each text together, as the input guard reads a request: a
 * value inside a secret is part of the secret ({@link Overlaps#betweenScanners}), so the digits of a key the model
 * wrote are no phone number. A finding counts when it scores at least its scanner's threshold and the caller did not
 * send it ({@link CallerValues}: their own texts and the passages retrieved for them, also written another way).
 */
final class AnswerValues {

  /**
   * What the answer's value scanners decided.
   *
   * @param verdicts one per scanner that ran, in the policy's order
   * @param blocking those of {@code verdicts} that refuse the answer
   * @param toRedact per text of the answer, the findings that counted for a scanner that redacts
   */
  record Read(List<GuardVerdict> verdicts, List<GuardVerdict> blocking, List<List<Finding>> toRedact) {

    /** True when some finding is to be replaced. */
    boolean redacts() {
      return toRedact.stream().anyMatch(findings -> !findings.isEmpty());
    }
  }

  /** One scanner's reading of the answer: what counted, by type, the highest risk, and the time its scans took. */
  private static final class Reader {
    private final Scanner scanner;
    private final Action action;
    private final Map<String, Integer> found = new TreeMap<>();
    private double risk;
    private long nanos;

    private Reader(Scanner scanner, Action action) {
      this.scanner = scanner;
      this.action = action;
    }

    private ScanResult scan(String text) {
      long start = System.nanoTime();
      ScanResult result = scanner.scan(text);
      nanos += System.nanoTime() - start;
      return result;
    }

    /** The verdict; on a stream, which has reached the caller already, a redaction is recorded as a flag. */
    private GuardVerdict verdict(boolean streamed) {
      Action recorded = streamed && action == Action.REDACT ? Action.FLAG : action;
      return new GuardVerdict(GuardVerdict.OUTPUT, scanner.name(), risk,
          found.isEmpty() ? Verdicts.PASS : recorded.label(), found, nanos / 1_000);
    }
  }

  private AnswerValues() {}

  /** True when the policy reads answers for values at all. */
  static boolean reads(GuardPolicy policy) {
    return policy.output().values().stream().anyMatch(action -> action != Action.OFF);
  }

  /**
   * @param texts    the answer's texts, as the upstream wrote them
   * @param caller   what the caller (and retrieval) sent: values found there do not count
   * @param streamed the caller has already received the answer
   */
  static Read read(GuardPolicy policy, List<ChatTexts.Text> texts, CallerValues caller, boolean streamed) {
    List<Reader> readers = new ArrayList<>();
    policy.output().forEach((name, action) -> {
      if (action != Action.OFF) readers.add(new Reader(policy.scanners().get(name), action));
    });
    List<Double> thresholds = readers.stream().map(reader -> reader.scanner.threshold()).toList();
    List<List<Finding>> toRedact = new ArrayList<>(texts.size());
    for (ChatTexts.Text text : texts) {
      List<ScanResult> results = new ArrayList<>(readers.size());
      for (Reader reader : readers) results.add(reader.scan(text.value()));
      results = Overlaps.betweenScanners(results, thresholds);
      List<Finding> redact = new ArrayList<>();
      for (int i = 0; i < readers.size(); i++) {
        Reader reader = readers.get(i);
        for (Finding f : results.get(i).findings()) {
          if (caller.counts(f, reader.scanner)) {
            reader.found.merge(f.type(), 1, Integer::sum);
            if (reader.action == Action.REDACT) redact.add(f);
          } else if (caller.sent(f)) {
            continue; // the caller's own value or a passage's, echoed back (perhaps written another way)
          }
          reader.risk = Math.max(reader.risk, f.score());
        }
      }
      toRedact.add(redact);
    }
    List<GuardVerdict> verdicts = new ArrayList<>(readers.size());
    List<GuardVerdict> blocking = new ArrayList<>();
    for (Reader reader : readers) {
      GuardVerdict verdict = reader.verdict(streamed);
      verdicts.add(verdict);
      if (reader.action == Action.BLOCK && !reader.found.isEmpty()) blocking.add(verdict);
    }
    return new Read(verdicts, blocking, toRedact);
  }
}
