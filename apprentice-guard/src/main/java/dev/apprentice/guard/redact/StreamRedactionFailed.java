package dev.apprentice.guard.redact;

/**
 * Thrown by a {@link HeldText} of a redacted stream (the output guard's) whose pass failed for any reason other than a
 * block (a scanner's defect, a stack overflow in a pattern): the guardrail itself failed, and the stream ends with the
 * guard's failure, as the check of an answer not streamed does. The cause is the failure; nothing of the text.
 */
public final class StreamRedactionFailed extends RuntimeException {

  public StreamRedactionFailed(Throwable cause) {
    super("a redaction pass of the streamed answer failed", cause);
  }
}
