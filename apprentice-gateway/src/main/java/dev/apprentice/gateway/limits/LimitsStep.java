package dev.apprentice.gateway.limits;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.Interceptor;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.routing.ModelRoute;

/**
 * The first per-call step: the key's model allowlist (403 {@code model_not_allowed}), a budgeted caller's model with
 * a target nothing prices (403 {@code model_unpriced}, unless {@code limits.unpriced: allow}; {@link UnpricedModels}),
 * then RPM/TPM and budget reservations of the key and its tenant (429), settled with the call's actual tokens and
 * cost when it ends.
 *
 * <p>A reservation bounds what the call can cost: a request that sets no output limit is capped upstream at the
 * output tokens reserved for it ({@link Call#capOutputTokens}), and when the request that leaves for the upstreams is
 * bigger than the one counted here (context added by retrieval, text rewritten by redaction) or goes upstream again
 * (a guardrail's retry), the difference is reserved then, or the call refused ({@link HeldLimits}).
 *
 * <p>Settling relies on the accounting ending every call it saw start ({@link Call#end}), whatever the outcome:
 * after a stream's last chunk, on any error thrown from here or later steps, and on client disconnect. This step
 * never settles by itself, not even when the rest of the chain throws.
 */
public final class LimitsStep implements Interceptor {

  private final Admission admission;
  private final Pricing pricing;
  private final TokenEstimator estimator;
  private final int defaultOutputReservation;
  private final UnpricedModels unpriced;

  /** A step that refuses budgeted callers unpriced models ({@code limits.unpriced: refuse}, the default). */
  public LimitsStep(RateLimiter limiter, BudgetLedger ledger, Pricing pricing, TokenEstimator estimator,
      int defaultOutputReservation) {
    this(new Admission(limiter, ledger), pricing, estimator, defaultOutputReservation,
        UnpricedModels.refusing(pricing));
  }

  /** A step whose limits are {@code limiter}'s and {@code ledger}'s, under the {@code limits.unpriced} rule. */
  public LimitsStep(RateLimiter limiter, BudgetLedger ledger, Pricing pricing, TokenEstimator estimator,
      int defaultOutputReservation, UnpricedModels unpriced) {
    this(new Admission(limiter, ledger), pricing, estimator, defaultOutputReservation, unpriced);
  }

  /**
   * @param defaultOutputReservation output tokens reserved for, and the cap sent upstream with, a request that sets
   *                                 no {@code max_tokens} / {@code max_completion_tokens} (e.g. 4096)
   * @param unpriced                 the {@code limits.unpriced} rule, shared with the embedding calls
   * @param admission                the key and tenant limits, shared with the embedding calls
   */
  public LimitsStep(Admission admission, Pricing pricing, TokenEstimator estimator, int defaultOutputReservation,
      UnpricedModels unpriced) {
    this.admission = admission;
    this.pricing = pricing;
    this.estimator = estimator;
    this.defaultOutputReservation = defaultOutputReservation;
    this.unpriced = unpriced;
  }

  @Override
  public Outcome intercept(Chain chain) {
    Call call = chain.call();
    Caller caller = call.caller();
    if (!caller.allows(call.model())) throw notAllowed(caller, call.model());
    Limits key = caller.keyLimits();
    Limits tenant = caller.tenantLimits();
    if (key.isNone() && tenant.isNone()) return chain.proceed(chain.request());

    ChatRequest request = chain.request();
    boolean budgeted = key.hasBudget() || tenant.hasBudget();
    boolean sized = budgeted || key.tpm() != null || tenant.tpm() != null;
    ModelRoute route = call.route();
    unpriced.check(caller, route);
    int tokensIn = sized ? estimator.countPrompt(request, route.targets().getFirst().upstreamModel()) : 0;
    int tokensOut = sized ? outputReservation(request) : 0;

    double worstCase = budgeted ? pricing.worstCase(route, tokensIn, tokensOut) : 0;
    Admission.Held admitted = admission.reserve(caller, saturatedSum(tokensIn, tokensOut),
        budgeted ? worstCase : null, call.startedAt());
    HeldLimits held = new HeldLimits(admission, pricing, estimator, route, request, tokensIn, tokensOut, admitted,
        worstCase);
    call.onEnd(held::settle);
    if (sized) {
      if (outputLimit(request) == null) call.capOutputTokens(defaultOutputReservation);
      call.beforeUpstream(held::beforeUpstream);
    }
    return chain.proceed(request);
  }

  /** Output tokens to hold for the call: its limit, or the default, times the number of choices asked for. */
  private int outputReservation(ChatRequest request) {
    Integer limit = outputLimit(request);
    int perChoice = limit != null && limit > 0 ? limit : defaultOutputReservation;
    int choices = request.n() != null && request.n() > 1 ? request.n() : 1;
    return (int) Math.min(Integer.MAX_VALUE, (long) perChoice * choices);
  }

  /**
   * The output limit to reserve for: the larger of {@code max_tokens} and {@code max_completion_tokens} when a client
   * sends both. OpenAI-type upstreams get both fields, and a server that reads only one of them may honour the larger
   * ({@link ChatRequest#outputTokenLimit} prefers {@code max_completion_tokens}, which may be the smaller).
   */
  private static Integer outputLimit(ChatRequest request) {
    Integer maxTokens = request.maxTokens();
    Integer maxCompletionTokens = request.maxCompletionTokens();
    if (maxTokens == null) return maxCompletionTokens;
    if (maxCompletionTokens == null) return maxTokens;
    return Math.max(maxTokens, maxCompletionTokens);
  }

  private static int saturatedSum(int a, int b) {
    return (int) Math.min(Integer.MAX_VALUE, (long) a + b);
  }

  private static GatewayException notAllowed(Caller caller, String model) {
    return new GatewayException(ErrorCode.MODEL_NOT_ALLOWED, "The key '" + caller.keyId() + "' may not use the model '"
        + model + "'. Allowed models: " + String.join(", ", caller.key().models().stream().sorted().toList()),
        "model", null);
  }
}
