package dev.apprentice.api;

/**
 * In-process work for a call (an embedding, a search) did not finish within the call's {@link Deadline}; what was
 * still queued for it was given up. The step that waited decides what that means for the call: a miss, or a 504.
 */
public final class DeadlineExceededException extends RuntimeException {

  public DeadlineExceededException(String message) {
    super(message, null, false, false);
  }

  /** {@code cause}'s wait, said again by a step that knows what was waited for. */
  public DeadlineExceededException(String message, DeadlineExceededException cause) {
    super(message, cause, false, false);
  }
}
