package dev.apprentice.gateway.limits;

import dev.apprentice.api.GatewayException;
import java.util.List;

/**
 * Of several refusals of one call (a key's and its tenant's windows, RPM and TPM, budgets), the one to answer: the
 * one whose wait is longest, so that a client that waits its {@code Retry-After} is not refused again for a limit it
 * was not told of; a refusal without a wait (the call can never fit) before any other.
 */
final class Refusals {

  private Refusals() {}

  /** The refusal of {@code refusals} (at least one) with the longest wait. */
  static GatewayException longest(List<GatewayException> refusals) {
    GatewayException longest = refusals.getFirst();
    for (GatewayException r : refusals) longest = longer(longest, r);
    return longest;
  }

  /** Of two refusals, the one whose wait is longer ({@code a} when they are equal); one without a wait wins. */
  static GatewayException longer(GatewayException a, GatewayException b) {
    if (a.retryAfter() == null) return a;
    if (b.retryAfter() == null) return b;
    return b.retryAfter().compareTo(a.retryAfter()) > 0 ? b : a;
  }
}
