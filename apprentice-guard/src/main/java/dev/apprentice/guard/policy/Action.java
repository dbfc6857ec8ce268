package dev.apprentice.guard.policy;

import java.util.Locale;

/** What a policy does with a scanner's findings. */
public enum Action {
  /** The scanner does not run. */
  OFF,
  /** Recorded in the verdict; the call goes on unchanged. */
  FLAG,
  /** Replaced by placeholders: restored for the caller on input, kept on output. */
  REDACT,
  /** The call is refused with 422 {@code content_blocked}. */
  BLOCK;

  /** The lower-case name verdicts record. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
