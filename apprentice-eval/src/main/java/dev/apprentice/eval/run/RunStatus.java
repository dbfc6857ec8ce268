package dev.apprentice.eval.run;

import java.util.Locale;

/** Where an evaluation run stands. */
public enum RunStatus {
  /** Items are being run (or the process died while they were: resume it). */
  RUNNING,
  /** Every item of every variant has a stored result. */
  COMPLETED,
  /** Stopped before the end (Ctrl-C, a cancelled job); resume runs the rest. */
  INTERRUPTED,
  /**
   * Stopped because the spend reached the budget cap, or because the gateway refused every item call of a variant (of
   * its pilot, or of the whole run) for the key's or tenant's budget: resume it once the budget allows.
   */
  BUDGET_EXHAUSTED,
  /** Not run past the pilot: the cost estimate was above the budget cap. */
  REFUSED,
  /**
   * Stopped by an error of its own (the store failed, the dataset could not be read), or after its pilot because every
   * item call of a variant's pilot failed (a wrong URL, a bad key, an unknown model) or every call of an LLM judge on
   * the pilot items, or at its end because every item call of a variant failed or every call of an LLM judge, or
   * because a rate limit refused every item call of a variant's pilot or too many in a row ({@link RateLimitStreaks}):
   * resume it once that is fixed.
   */
  FAILED;

  /**
   * The name as stored and shown: {@code completed}, {@code budget_exhausted}, ... These labels are the one set of
   * statuses: the store writes no other and compares them exactly ({@code status = ?}), so {@link #of} reads no other.
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The status whose {@link #label} is {@code label}, exactly: another case or spelling ({@code Completed},
   * {@code done}) is none, as the store's compare-and-set would not match it either.
   *
   * @throws IllegalArgumentException naming the label and the statuses there are
   */
  public static RunStatus of(String label) {
    for (RunStatus status : values()) {
      if (status.label().equals(label)) return status;
    }
    throw new IllegalArgumentException("'" + label + "' is no evaluation run status (one of " + labels() + ")");
  }

  /** Every status's label, comma-separated, in declaration order. */
  public static String labels() {
    return String.join(", ", java.util.Arrays.stream(values()).map(RunStatus::label).toList());
  }
}
