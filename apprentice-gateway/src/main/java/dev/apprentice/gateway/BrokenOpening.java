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
  private final long heldNanos;

  /** @param heldNanos how long the opening was read past the first token */
  BrokenOpening(ProviderException failure, ChatResponse opening, long heldNanos) {
    super(failure);
    this.opening = opening;
    this.heldNanos = heldNanos;
  }

  /** The same opening broken off by {@code failure} instead. */
  BrokenOpening by(ProviderException failure) {
    return new BrokenOpening(failure, opening, heldNanos);
  }

  /** How long the opening was read past the first token: not the target's latency, which ends there. */
  long heldNanos() {
    return heldNanos;
  }

  /** What the upstream had sent, assembled. */
  ChatResponse opening() {
    return opening;
  }
}
