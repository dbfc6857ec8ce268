package dev.apprentice.gateway.limits;

import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import java.time.Instant;

/**
 * What a call's key and tenant limits hold from the moment it arrives, chat and embeddings alike: its RPM/TPM
 * reservation, its budget's and its place among the calls in flight ({@code max_concurrent}), taken together or not
 * at all, and given back together when it ends. Of several limits that refuse a call, the one with the longest
 * wait is answered ({@link Refusals}): a rate limit that frees in seconds must not hide a budget spent until the next
 * day, nor a call that could never fit a budget.
 */
public final class Admission {

  private final RateLimiter limiter;
  private final BudgetLedger ledger;
  private final CallsInFlight inFlight = new CallsInFlight();

  public Admission(RateLimiter limiter, BudgetLedger ledger) {
    this.limiter = limiter;
    this.ledger = ledger;
  }

  /**
   * What a call holds once admitted, settled when it ends ({@link #leave} for its places); its budget's part null
   * where no budget applies.
   */
  public record Held(RateLimiter.Reservation rate, BudgetLedger.Reservation budget, CallsInFlight.Places places) {}

  /**
   * Takes the call's request and {@code tokens} from the rate windows, {@code worstCaseUsd} from its budgets and a
   * place among its key's and tenant's calls in flight, or throws the refusal with the longest wait (429, or 400
   * when the call could never fit a budget), holding nothing.
   *
   * @param worstCaseUsd what the call may cost, or null when no budget applies to the caller
   * @param startedAt    when the call started: the budget day and month it belongs to
   */
  public Held reserve(Caller caller, int tokens, Double worstCaseUsd, Instant startedAt) {
    RateLimiter.Reservation rate;
    try {
      rate = limiter.reserve(caller, tokens);
    } catch (GatewayException refused) {
      if (worstCaseUsd == null) throw refused;
      throw ledger.refusal(caller, worstCaseUsd, startedAt).map(b -> Refusals.longer(refused, b)).orElse(refused);
    }
    BudgetLedger.Reservation budget = null;
    try {
      if (worstCaseUsd != null) budget = ledger.reserve(caller, worstCaseUsd, startedAt);
      // last: the shortest wait, so that a rate or budget refusal, which waits longer, is the one answered
      return new Held(rate, budget, inFlight.enter(caller));
    } catch (RuntimeException refused) {
      limiter.release(rate);
      if (budget != null) ledger.settle(budget, 0);
      throw refused;
    }
  }

  /** Gives back the place among the calls in flight of a call that ended; a second call changes nothing. */
  public void leave(Held held) {
    inFlight.leave(held.places());
  }

  public RateLimiter limiter() {
    return limiter;
  }

  public BudgetLedger ledger() {
    return ledger;
  }
}
