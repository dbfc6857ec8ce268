package dev.apprentice.api;

/**
 * Work asked of a part of the gateway after it was closed (an in-process model, its batcher), which happens only as
 * the server shuts down: a call that meets one is refused with {@link ErrorCode#SHUTTING_DOWN} ({@link #refusal}),
 * not answered as a defect. An {@link IllegalStateException}, as a closed resource's refusal is.
 */
public final class ClosedException extends IllegalStateException {

  /** @param message what is closed, as a sentence ({@code the embedding model is closed}) */
  public ClosedException(String message) {
    super(message);
  }

  /** The first {@code ClosedException} among {@code failure} and its causes, or null. */
  public static ClosedException within(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ClosedException closed) return closed;
    }
    return null;
  }

  /** What a call that met this answers: 503 {@code shutting_down}, saying what was closed. */
  public GatewayException refusal() {
    return new GatewayException(ErrorCode.SHUTTING_DOWN, "the gateway is shutting down: " + getMessage());
  }
}
