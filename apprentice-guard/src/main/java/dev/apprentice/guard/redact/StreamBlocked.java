package dev.apprentice.guard.redact;

/**
 * Thrown by a {@link HeldText} of a redacted stream (the output guard's) instead of giving out a value a {@code block}
 * scanner of the answer refuses: the stream ends there, before the value, and the check of what went out before
 * reports the block. Carries no value and no stack trace.
 */
public final class StreamBlocked extends RuntimeException {

  public StreamBlocked(String scanner) {
    super("scanner '" + scanner + "' refused a value the stream was about to give out", null, false, false);
  }
}
