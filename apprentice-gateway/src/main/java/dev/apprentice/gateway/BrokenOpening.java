package dev.apprentice.gateway;

import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ProviderException;

/**
 * The failure of a stream whose opening was held inside its attempt ({@link OpeningHold}): the upstream's failure (or
 * the call's deadline), with what it had sent by then, for which its attempt is booked. Its target's circuit breaker
 * hears of it as of a stream that failed mid-way.
 */
final class BrokenOpening extends ProviderException {

  private final transient ChatResponse opening;

  BrokenOpening(ProviderException failure, ChatResponse opening) {
    super(failure);
    this.opening = opening;
  }

  /** What the upstream had sent, assembled. */
  ChatResponse opening() {
    return opening;
  }
}
