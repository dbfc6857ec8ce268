package dev.apprentice.guard.chat;

import dev.apprentice.api.ProviderException;

/**
 * Thrown by {@link RedactingStream#redactOpening} when the upstream failed while the opening was read ahead: all of
 * the text read was still held, so nothing of the stream went out, and the caller may still answer with an error
 * instead of a stream. Carries the upstream's failure; the text held is dropped with it.
 */
public final class OpeningBrokeOff extends RuntimeException {

  private final ProviderException failure;

  OpeningBrokeOff(ProviderException failure) {
    super("the upstream failed before the stream's first text went out", failure, false, false);
    this.failure = failure;
  }

  /** The upstream's failure, as the stream below threw it. */
  public ProviderException failure() {
    return failure;
  }
}
