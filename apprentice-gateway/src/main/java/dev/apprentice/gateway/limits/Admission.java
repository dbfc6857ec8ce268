package dev.apprentice.gateway.limits;

import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import java.time.Instant;

/**
 * What a call's key and tenant limits hold from the moment it arrives, chat and embeddings alike: its RPM/TPM
 * reservation and its budget's, taken together or not at all. Of several limits that refuse a call, the one with the
 * longest wait is answered ({@link Refusals}): a rate limit that frees in seconds must not hide a budget spent until
 * the next day, nor a call that could never fit a budget.
 */
public final class Admission {

  private final RateLimiter limiter;
  private final BudgetLedger ledger;

  public Admission(RateLimiter limiter, BudgetLedger ledger) {
    this.limiter = limiter;
    this.ledger = ledger;
  }

  /** What a call holds once admitted, settled when it ends; its budget's part null where no budget applies. */
  public record Held(RateLimiter.Reservation rate, BudgetLedger.Reservation budget) {}

  /**
   * Takes the call's request and {@code tokens} from the rate windows and {@code worstCaseUsd} from its budgets, or
   * throws the refusal with the longest wait (429, or 400 when the call could never fit a budget), holding nothing.
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
    if (worstCaseUsd == null) return new Held(rate, null);
    try {
      return new Held(rate, ledger.reserve(caller, worstCaseUsd, startedAt));
    } catch (RuntimeException refused) {
      limiter.release(rate);
      throw refused;
    }
  }

  public RateLimiter limiter() {
    return limiter;
  }

  public BudgetLedger ledger() {
    return ledger;
  }
}
