package dev.apprentice.gateway.limits;

import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import java.time.Instant;
import java.util.Optional;

/**
 * What a call's key and tenant limits hold from the moment it arrives, chat and embeddings alike: its RPM/TPM
 * reservation, its budget's and its place among the calls in flight ({@code max_concurrent}), taken together or not
 * at all, and given back together when it ends. Of several limits that refuse a call, the one with the longest
 * wait is answered ({@link Refusals}): a rate limit that frees in seconds must not hide a budget spent until the next
 * day, nor a call that could never fit a budget.
 *
 * <p>A call refused for its calls in flight takes nothing from the windows and budgets, not even for a moment: a
 * call of another key of its tenant checked in that moment would be refused for room that was never really used.
 * So the place is looked at first, and taken last, once the windows and budgets have admitted the call; only a call
 * whose last place another call took in between gives back what it had taken.
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
    Optional<GatewayException> noPlace = inFlight.refusal(caller);
    if (noPlace.isPresent()) throw longestWait(noPlace.get(), caller, tokens, worstCaseUsd, startedAt);
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
      // its room was seen above: refused here only when other calls took the last place meanwhile
      return new Held(rate, budget, inFlight.enter(caller));
    } catch (RuntimeException refused) {
      limiter.release(rate);
      if (budget != null) ledger.settle(budget, 0);
      throw refused;
    }
  }

  /**
   * {@code refused}, or the refusal of the caller's rate windows or budgets when one would make it wait longer (a
   * client told to wait a second for a place would be refused again by a window full for a minute); takes nothing.
   */
  private GatewayException longestWait(GatewayException refused, Caller caller, int tokens, Double worstCaseUsd,
      Instant startedAt) {
    GatewayException longest = limiter.refusal(caller, tokens).map(r -> Refusals.longer(r, refused)).orElse(refused);
    if (worstCaseUsd == null) return longest;
    return ledger.refusal(caller, worstCaseUsd, startedAt).map(b -> Refusals.longer(longest, b)).orElse(longest);
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
