package dev.apprentice.gateway.limits;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.api.Tool;
import dev.apprentice.gateway.CallEnd;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.routing.ModelRoute;
import java.util.ArrayList;
import java.util.List;

/**
 * What the limits hold for one call: the reservation made when it arrived, and what it took later when the request
 * that left for the upstreams was bigger than the one counted (retrieved context, redaction placeholders) or went
 * upstream again (a guardrail's retry: a whole second call). The call's real tokens and cost settle the first
 * reservation; the later ones are given back, so everything held is released once, when the call ends.
 */
final class HeldLimits {

  private final RateLimiter limiter;
  private final BudgetLedger ledger;
  private final Pricing pricing;
  private final TokenEstimator estimator;
  private final ModelRoute route;
  private final List<Message> countedMessages;
  private final List<Tool> countedTools;
  private final int promptTokens;
  private final int outputTokens;
  private final RateLimiter.Reservation rate;
  private final BudgetLedger.Reservation budget;
  private final Admission admission;
  private final Admission.Held admitted;
  private final List<RateLimiter.Reservation> moreRate = new ArrayList<>(0);
  private final List<BudgetLedger.Reservation> moreBudget = new ArrayList<>(0);
  private double heldUsd;
  private int upstreamPasses;

  /**
   * @param counted      the request whose prompt was counted as {@code promptTokens}
   * @param outputTokens the output tokens reserved for one pass upstream (every choice)
   * @param admitted     what the call took when it arrived
   */
  HeldLimits(Admission admission, Pricing pricing, TokenEstimator estimator, ModelRoute route, ChatRequest counted,
      int promptTokens, int outputTokens, Admission.Held admitted, double budgetUsd) {
    this.admission = admission;
    this.admitted = admitted;
    this.limiter = admission.limiter();
    this.ledger = admission.ledger();
    this.pricing = pricing;
    this.estimator = estimator;
    this.route = route;
    this.countedMessages = counted.messages();
    this.countedTools = counted.tools();
    this.promptTokens = promptTokens;
    this.outputTokens = outputTokens;
    this.rate = admitted.rate();
    this.budget = admitted.budget();
    this.heldUsd = budgetUsd;
  }

  /**
   * The request is leaving for the upstreams: on the first pass, takes what its prompt has beyond the one counted;
   * on every later pass, a whole call more. Throws the limits' 429 (or 400) when that does not fit.
   */
  synchronized void beforeUpstream(ChatRequest request) {
    upstreamPasses++;
    boolean unchanged = request.messages() == countedMessages && request.tools() == countedTools;
    int prompt = upstreamPasses == 1 && unchanged ? promptTokens
        : estimator.countPrompt(request, route.targets().getFirst().upstreamModel());
    int moreIn = upstreamPasses == 1 ? Math.max(0, prompt - promptTokens) : prompt;
    int moreOut = upstreamPasses == 1 ? 0 : outputTokens;
    if (moreIn == 0 && moreOut == 0) return;
    int moreTokens = (int) Math.min(Integer.MAX_VALUE, (long) moreIn + moreOut);
    RateLimiter.Reservation tokens = limiter.reserveMore(rate, moreTokens);
    moreRate.add(tokens);
    if (budget == null) return;
    double moreUsd = pricing.worstCase(route, moreIn, moreOut);
    try {
      moreBudget.add(ledger.reserveMore(budget, moreUsd, heldUsd + moreUsd));
    } catch (RuntimeException refused) {
      limiter.release(tokens);
      throw refused;
    }
    heldUsd += moreUsd;
  }

  /**
   * The call ended: settles the first reservation with its real tokens and cost, and gives back the rest and its
   * place among the calls in flight.
   */
  synchronized void settle(CallEnd end) {
    admission.leave(admitted);
    limiter.settle(rate, end.tokens() == null ? 0 : end.tokens().total());
    if (budget != null) ledger.settle(budget, end.costUsd());
    moreRate.forEach(limiter::release);
    moreBudget.forEach(r -> ledger.settle(r, 0));
  }
}
