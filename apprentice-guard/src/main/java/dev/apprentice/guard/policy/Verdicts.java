package dev.apprentice.guard.policy;

import dev.apprentice.api.trace.GuardVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Building blocks shared by the input and output guards: verdict values and block messages. */
final class Verdicts {

  static final String PASS = GuardVerdict.PASS;

  private Verdicts() {}

  static GuardVerdict of(String direction, String scanner, double score, Action action, Map<String, Integer> found,
      long startNanos) {
    long micros = Math.max(0, (System.nanoTime() - startNanos) / 1_000);
    return new GuardVerdict(direction, scanner, score, found.isEmpty() ? PASS : action.label(), found, micros);
  }

  /** {@code scanner 'pii' found 2 EMAIL_ADDRESS, 1 PHONE_NUMBER}: the scanner and what it found, never the values. */
  static String describe(GuardVerdict verdict) {
    return "scanner '" + verdict.scanner() + "' found " + verdict.findings().entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
  }

  /** The message of a 422: which direction, which scanners, what they found, and a detail when there is one. */
  static String blocked(String what, List<GuardVerdict> blocking, String detail) {
    String found = blocking.stream().map(Verdicts::describe).collect(Collectors.joining("; "));
    return "The " + what + " was blocked by a guardrail: " + found + (detail == null ? "." : " (" + detail + ").");
  }

  /**
   * The message of a request's 422: what the blocking scanners found and, when {@code unreadable} is there, the
   * parts the guard could not read, each on its own after a semicolon.
   */
  static String blockedRequest(List<GuardVerdict> blocking, String unreadable) {
    List<String> reasons = new ArrayList<>(blocking.stream().map(Verdicts::describe).toList());
    if (unreadable != null) reasons.add(unreadable);
    return "The request was blocked by a guardrail: " + String.join("; ", reasons) + ".";
  }
}
