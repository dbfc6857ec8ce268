package dev.apprentice.guard.policy;

import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Overlaps;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.chat.ChatTexts;
import java.util.ArrayList;
import java.util.List;

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

  private AnswerValues() {}

  /** A reader per value scanner the policy gives an action, in the policy's order. */
  static List<AnswerReader> readers(GuardPolicy policy) {
    List<AnswerReader> readers = new ArrayList<>();
    policy.output().forEach((name, action) -> {
      if (action != Action.OFF) readers.add(new AnswerReader(policy.scanners().get(name), action));
    });
    return readers;
  }

  /** True when the policy reads answers for values at all. */
  static boolean reads(GuardPolicy policy) {
    return policy.output().values().stream().anyMatch(action -> action != Action.OFF);
  }

  /**
   * What each reader finds in {@code text}, read together: a value inside a secret that counts is part of the secret
   * ({@link Overlaps#betweenScanners}).
   *
   * @param thresholds each reader's scanner's threshold, in their order
   */
  static List<ScanResult> scan(List<AnswerReader> readers, List<Double> thresholds, String text) {
    List<ScanResult> results = new ArrayList<>(readers.size());
    for (AnswerReader reader : readers) results.add(reader.scan(text));
    return Overlaps.betweenScanners(results, thresholds);
  }

  /**
   * @param texts    the answer's texts, as the upstream wrote them
   * @param caller   what the caller (and retrieval) sent: values found there do not count
   * @param streamed the caller has already received the answer
   */
  static Read read(GuardPolicy policy, List<ChatTexts.Text> texts, CallerValues caller, boolean streamed) {
    List<AnswerReader> readers = readers(policy);
    List<Double> thresholds = readers.stream().map(reader -> reader.scanner.threshold()).toList();
    List<List<Finding>> toRedact = new ArrayList<>(texts.size());
    for (ChatTexts.Text text : texts) {
      List<ScanResult> results = scan(readers, thresholds, text.value());
      List<Finding> redact = new ArrayList<>();
      for (int i = 0; i < readers.size(); i++) {
        AnswerReader reader = readers.get(i);
        for (Finding f : results.get(i).findings()) {
          if (reader.take(f, caller) && reader.action == Action.REDACT) redact.add(f);
        }
      }
      toRedact.add(redact);
    }
    List<GuardVerdict> verdicts = new ArrayList<>(readers.size());
    List<GuardVerdict> blocking = new ArrayList<>();
    for (AnswerReader reader : readers) {
      GuardVerdict verdict = reader.verdict(streamed);
      verdicts.add(verdict);
      if (reader.action == Action.BLOCK && !reader.found.isEmpty()) blocking.add(verdict);
    }
    return new Read(verdicts, blocking, toRedact);
  }
}
