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
   * the pilot items, or at its end because every item call of a variant failed or every call of an LLM judge: resume
   * it once that is fixed.
   */
  FAILED;

  /** The name as stored and shown: {@code completed}, {@code budget_exhausted}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunStatus of(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
