package dev.apprentice.api;

import java.util.Optional;

/**
 * In-process work for a call (an embedding, a search) did not finish within the call's {@link Deadline}; what was
 * still queued for it was given up. The step that waited decides what that means for the call: a miss, or a 504.
 * When what it waited for was still loading (a local model, an injection detector: {@link Loading}), the exception
 * names it ({@link #loading()}), and so does the call's 504.
 */
public final class DeadlineExceededException extends RuntimeException {

  /** What was still loading, or null. */
  private final String loading;

  public DeadlineExceededException(String message) {
    super(message, null, false, false);
    this.loading = null;
  }

  /** {@code cause}'s wait, said again by a step that knows what was waited for. */
  public DeadlineExceededException(String message, DeadlineExceededException cause) {
    super(message, cause, false, false);
    this.loading = null;
  }

  private DeadlineExceededException(String what, DeadlineExceededException cause, boolean stillLoading) {
    super(what + " was still loading", cause, false, false);
    this.loading = what;
  }

  /** The wait of a call that gave up on {@code what}, still loading ({@code the local embedding model}). */
  public static DeadlineExceededException stillLoading(String what, DeadlineExceededException cause) {
    return new DeadlineExceededException(what, cause, true);
  }

  /** What the call waited for that was still loading, here or in the wait this one says again; else empty. */
  public Optional<String> loading() {
    for (Throwable t = this; t != null; t = t.getCause()) {
      if (t instanceof DeadlineExceededException late && late.loading != null) return Optional.of(late.loading);
    }
    return Optional.empty();
  }
}
