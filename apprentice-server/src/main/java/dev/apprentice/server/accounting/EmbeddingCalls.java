package dev.apprentice.server.accounting;

import dev.apprentice.api.GatewayException;
import dev.apprentice.api.TokenIds;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Limits;
import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.api.trace.SkippedTarget;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.api.trace.TraceSink;
import dev.apprentice.gateway.Attempt;
import dev.apprentice.gateway.Overhead;
import dev.apprentice.gateway.TraceParent;
import dev.apprentice.gateway.accounting.TraceTags;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.limits.BudgetLedger;
import dev.apprentice.gateway.limits.RateLimiter;
import dev.apprentice.gateway.limits.Admission;
import dev.apprentice.gateway.limits.UnpricedModels;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.accounting.Capture;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Accounts for {@code POST /v1/embeddings} as the gateway's steps account for chat calls: the key's and tenant's RPM,
 * TPM and budget are reserved before the model's guard reads the inputs and before any model is asked (the inputs'
 * tokens counted locally, priced at the alias's dearest target; what redaction adds reserved once the guard is done,
 * {@link Open#checked}), so that a key over its limits costs no scan and a call the guard blocks counts as a request,
 * and settled with what the provider reported (the inputs counted as the reservation counts them when
 * it reported no usage) plus, counted the same way, the inputs of every attempt given up after its request was sent
 * ({@link EmbeddingBill}), and every call, refused or answered,
 * becomes a trace ({@code operation: embeddings}) in the same sinks: store, spend ledger, metrics, OTLP, access log.
 * Vectors are never kept; the inputs are kept as the request body only when the model's capture policy is
 * {@code full}.
 */
public final class EmbeddingCalls {

  private final Admission admission;
  private final RateLimiter limiter;
  private final BudgetLedger ledger;
  private final Pricing pricing;
  private final TokenEstimator estimator;
  private final TraceSink sinks;
  private final RejectionSink rejections;
  private final Runnable departures;
  private final Function<String, Capture> capture;
  private final Clock clock;
  private final UnpricedModels unpriced;
  private final Predicate<String> inputProtected;

  EmbeddingCalls(RateLimiter limiter, BudgetLedger ledger, Pricing pricing, TokenEstimator estimator, TraceSink sinks,
      Function<String, Capture> capture) {
    this(new Admission(limiter, ledger), pricing, estimator, sinks, record -> {
      sinks.accept(record);
      return true;
    }, () -> { }, capture, Clock.systemUTC(), UnpricedModels.refusing(pricing), model -> false);
  }

  /**
   * @param rejections where requests refused before they became a call go: not the per-model metrics, which a made-up
   *                   model name would give a series of its own
   * @param departures counts a request whose client left before its body was read
   * @param clock      the wall clock calls are dated by: their traces, and the budget windows their spend belongs to
   * @param unpriced   the {@code limits.unpriced} rule, shared with the chat calls' {@code LimitsStep}
   * @param inputProtected true for a model whose guard takes private data out of requests: a call refused over a
   *                   limit, before the guard read it, is traced without its inputs and {@code user}
   */
  EmbeddingCalls(Admission admission, Pricing pricing, TokenEstimator estimator, TraceSink sinks,
      RejectionSink rejections, Runnable departures, Function<String, Capture> capture, Clock clock,
      UnpricedModels unpriced, Predicate<String> inputProtected) {
    this.unpriced = unpriced;
    this.inputProtected = inputProtected;
    this.departures = departures;
    this.capture = capture;
    this.clock = clock;
    this.admission = admission;
    this.limiter = admission.limiter();
    this.ledger = admission.ledger();
    this.pricing = pricing;
    this.estimator = estimator;
    this.sinks = sinks;
    this.rejections = rejections;
  }

  /**
   * What the trace records of the request, known before it is answered.
   *
   * @param caller   null when the key was refused
   * @param body     the request as the upstream gets it (redacted where the guard redacts), kept when the model's
   *                 capture policy is {@code full}; null when unread
   * @param verdicts the guardrails' verdicts on the inputs
   */
  public record Started(String traceId, long startNanos, Caller caller, String model, String user,
      Map<String, String> headers, byte[] body, List<GuardVerdict> verdicts) {

    public Started {
      verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
    }
  }

  /**
   * Reserves the call's rate and budget; a 429 {@link GatewayException} when the key or tenant is over, traced
   * before it is thrown (on a model whose guard protects its input, without the inputs and {@code user}: the guard has
   * not read them). A call that goes on to its guard tells the call what the guard decided ({@link Open#checked},
   * {@link Open#blocked}, {@link Open#unchecked}).
   *
   * @param route  the alias's route, or null for a built-in in-process model (which costs nothing)
   * @param inputs the texts to embed, as the client sent them
   */
  public Open open(Started started, ModelRoute route, List<String> inputs) {
    return open(started, route, inputs, null);
  }

  /**
   * Reserves the call's rate and budget, as {@link #open(Started, ModelRoute, List)} does.
   *
   * @param tokenIds the inputs as token ids (counted as they are, {@code inputs} then empty), or null for texts
   */
  public Open open(Started started, ModelRoute route, List<String> inputs, TokenIds tokenIds) {
    Caller caller = started.caller();
    Limits key = caller.keyLimits();
    Limits tenant = caller.tenantLimits();
    Instant startedAt = startedAt(started);
    EmbeddingBill.Inputs given = new EmbeddingBill.Inputs(inputs, tokenIds);
    if (key.isNone() && tenant.isNone()) return new Open(started, startedAt, route, given, null, -1, 0);
    boolean budgeted = route != null && (key.hasBudget() || tenant.hasBudget());
    boolean sized = budgeted || key.tpm() != null || tenant.tpm() != null;
    int tokens = 0;
    double worstCase = 0;
    Admission.Held held;
    try {
      unpriced.check(caller, route);
      tokens = sized ? count(given, route) : 0;
      worstCase = budgeted ? pricing.worstCase(route, tokens, 0) : 0;
      held = admission.reserve(caller, tokens, budgeted ? worstCase : null, startedAt);
    } catch (GatewayException refused) {
      refusedUnread(started, refused);
      throw refused;
    }
    return new Open(started, startedAt, route, given, held, sized ? tokens : -1, worstCase);
  }

  /** Traces a call refused before its guard read it: without the inputs when its guard protects them. */
  private void refusedUnread(Started started, GatewayException error) {
    TraceRecord refusal = refusal(started, error);
    sinks.accept(inputProtected.test(started.model()) ? refusal.withoutCallerText() : refusal);
  }

  /**
   * Counts a request whose client left before its body was read, as chat counts one: {@code client_disconnected}
   * (499) in the metrics, and no trace, since nothing is known of the request.
   */
  public void departed() {
    departures.run();
  }

  /**
   * Traces a request refused before it became a call (no key, a bad body, an unknown model, a model the key may not
   * use) as chat does: the model as sent, cut to 200 characters, and counted by the metrics by status alone.
   *
   * @return whether the trace was kept: false for an unauthenticated refusal past the bound, whose id names no trace
   */
  public boolean rejected(Started started, GatewayException error) {
    Started clipped = new Started(started.traceId(), started.startNanos(), started.caller(),
        RejectedCalls.clipped(started.model()), started.user(), started.headers(), started.body(), started.verdicts());
    return rejections.keep(refusal(clipped, error));
  }

  private TraceRecord refusal(Started started, GatewayException error) {
    return trace(started, startedAt(started), null, null, error.code().status(), error.code().label(),
        error.getMessage(), EmbeddingBill.NOTHING, List.of(), List.of(), 0);
  }

  /** When the request arrived, by the clock. */
  private Instant startedAt(Started started) {
    return Call.arrivedAt(clock, started.startNanos());
  }

  /** The inputs' tokens as the route's first target counts them (cl100k_base for a built-in model). */
  private int count(EmbeddingBill.Inputs inputs, ModelRoute route) {
    return inputs.count(estimator, route == null ? null : route.targets().getFirst().upstreamModel());
  }

  private String captured(Started s) {
    if (s.body() == null || capture.apply(s.model()) != Capture.FULL) return null;
    return new String(s.body(), StandardCharsets.UTF_8);
  }

  /**
   * An embeddings call whose limits are reserved; ended once, by {@link #answered} or {@link #failed} (a second end
   * is ignored), which settles the reservations and writes the trace.
   */
  public final class Open {
    private volatile Started started;
    private final Instant startedAt;
    private final ModelRoute route;
    private volatile EmbeddingBill.Inputs inputs;
    private final Admission.Held held;
    private final RateLimiter.Reservation rate;
    private final BudgetLedger.Reservation budget;
    /** The inputs' tokens the limits hold, or -1 when none counted them (no TPM, no budget). */
    private final int reservedTokens;
    private final double reservedUsd;
    private volatile RateLimiter.Reservation moreRate;
    private volatile BudgetLedger.Reservation moreBudget;
    private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
    private final List<SkippedTarget> skipped = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The waits before retries so far; added to by the thread that tries the targets alone. */
    private volatile long waitedNanos;

    private Open(Started started, Instant startedAt, ModelRoute route, EmbeddingBill.Inputs inputs,
        Admission.Held held, int reservedTokens, double reservedUsd) {
      this.started = started;
      this.startedAt = startedAt;
      this.route = route;
      this.inputs = inputs;
      this.held = held;
      this.rate = held == null ? null : held.rate();
      this.budget = held == null ? null : held.budget();
      this.reservedTokens = reservedTokens;
      this.reservedUsd = reservedUsd;
    }

    /**
     * The guard read the inputs and lets the call go on with {@code inputs} (redacted where it redacts; unchanged
     * without a guard), as {@code checked} records the request: the tokens they have beyond those reserved are
     * reserved now, as a chat call's are once redaction rewrote its prompt. A 429 (or 400) when they do not fit: the
     * call then ends refused, traced as {@code checked}.
     */
    public void checked(Started checked, List<String> inputs) {
      started = checked;
      if (inputs.equals(this.inputs.texts())) return;
      EmbeddingBill.Inputs sent = new EmbeddingBill.Inputs(inputs, this.inputs.tokenIds());
      this.inputs = sent;
      if (reservedTokens < 0) return;
      int more = count(sent, route) - reservedTokens;
      if (more <= 0) return;
      try {
        moreRate = limiter.reserveMore(rate, more);
        if (budget != null) {
          double moreUsd = pricing.worstCase(route, more, 0);
          moreBudget = ledger.reserveMore(budget, moreUsd, reservedUsd + moreUsd);
        }
      } catch (GatewayException refused) {
        blocked(checked, refused);
        throw refused;
      }
    }

    /** The call is refused once its guard read it (the guard blocked it, or what redaction added does not fit). */
    public void blocked(Started checked, GatewayException refusal) {
      started = checked;
      if (!ended.compareAndSet(false, true)) return;
      settle(EmbeddingBill.NOTHING);
      sinks.accept(refusal(checked, refusal));
    }

    /**
     * The guard could not read the inputs (it failed, ran out of time, or the client left): the limits let go of what
     * they hold, the request still counted, and the caller traces the call as refused before it became one.
     */
    public void unchecked() {
      if (ended.compareAndSet(false, true)) settle(EmbeddingBill.NOTHING);
    }

    /** A target passed over without a request (its circuit open, or it cannot serve the request): for the trace. */
    public void skipped(SkippedTarget target) {
      skipped.add(target);
    }

    /** Time spent waiting before a retry (backoff, an upstream's Retry-After): neither upstream time nor overhead. */
    public void waited(long nanos) {
      waitedNanos += nanos;
    }

    /** The gateway's own time in the call up to {@code nowNanos}, after {@code attempts} ({@link Overhead}). */
    public long overheadNanos(long nowNanos, List<Attempt> attempts) {
      return Overhead.nanos(started.startNanos(), nowNanos, upstreamNanos(attempts), waitedNanos);
    }

    /**
     * The call was answered by {@code provider}'s {@code upstreamModel} after {@code attempts}: booked for the answer,
     * on the attempt that gave it, and for the inputs of every attempt given up before it after its request was sent.
     *
     * @param promptTokens the tokens the answer reported, or null when it reported no usage: the inputs are then
     *                     counted as the reservation counts them, for {@code upstreamModel}, and booked estimated
     * @return the tokens the answer is booked at, which its {@code usage} tells the client
     */
    public int answered(String provider, String upstreamModel, Integer promptTokens, List<Attempt> attempts) {
      EmbeddingBill bill = bill(upstreamModel, promptTokens, attempts);
      if (!ended.compareAndSet(false, true)) return bill.answerTokens();
      settle(bill);
      sinks.accept(trace(started, startedAt, provider, upstreamModel, 200, null, null, bill, List.copyOf(skipped),
          attempts, waitedNanos));
      return bill.answerTokens();
    }

    /**
     * The client went away before its answer was written, and the call was cancelled: traced as
     * {@code client_disconnected} (499) with its attempts, the abandoned one {@code cancelled}, and charged for what
     * an upstream answered ({@code promptTokens} from {@code provider}'s {@code upstreamModel} when one answered before
     * the cancellation took hold, null when that answer reported no usage, as for {@link #answered}; {@code provider}
     * null when none did) and for the inputs of every attempt given up after its request was sent, the abandoned one
     * among them (the upstream had them).
     */
    public void departed(String provider, String upstreamModel, Integer promptTokens, List<Attempt> attempts) {
      if (!ended.compareAndSet(false, true)) return;
      EmbeddingBill bill = provider == null ? bill(null, null, attempts) : bill(upstreamModel, promptTokens, attempts);
      settle(bill);
      sinks.accept(trace(started, startedAt, provider, upstreamModel, 499, "client_disconnected",
          "the client went away before its answer began; the call was cancelled", bill, List.copyOf(skipped),
          attempts, waitedNanos));
    }

    /**
     * The call failed after its limits were reserved: booked for the inputs of every attempt given up after its
     * request was sent (timed out, an answer that could not be read), nothing else.
     */
    public void failed(GatewayException error, List<Attempt> attempts) {
      if (!ended.compareAndSet(false, true)) return;
      EmbeddingBill bill = bill(null, null, attempts);
      settle(bill);
      sinks.accept(trace(started, startedAt, null, null, error.code().status(), error.code().label(),
          error.getMessage(), bill, List.copyOf(skipped), attempts, waitedNanos));
    }

    /** The bill for an answer from {@code upstreamModel} (none when null) after {@code attempts}. */
    private EmbeddingBill bill(String upstreamModel, Integer promptTokens, List<Attempt> attempts) {
      return EmbeddingBill.of(pricing, estimator, route, inputs, attempts, upstreamModel, promptTokens,
          started.startNanos());
    }

    private void settle(EmbeddingBill bill) {
      if (held != null) admission.leave(held);
      if (rate != null) limiter.settle(rate, bill.tokens().input());
      if (budget != null) ledger.settle(budget, bill.costUsd());
      if (moreRate != null) limiter.release(moreRate);
      if (moreBudget != null) ledger.settle(moreBudget, 0);
    }
  }

  /** The time {@code attempts} spent on upstreams. */
  private static long upstreamNanos(List<Attempt> attempts) {
    long upstream = 0;
    for (Attempt attempt : attempts) upstream += attempt.latencyNanos();
    return upstream;
  }

  /**
   * The call's trace after {@code tried}, its attempts; {@code waitedNanos}: the time it waited before retries, which
   * with the attempts' time is no overhead ({@link Overhead}, as the call's header takes it).
   */
  private TraceRecord trace(Started s, Instant startedAt, String provider, String upstreamModel, int status,
      String errorCode, String errorMessage, EmbeddingBill bill, List<SkippedTarget> skipped, List<Attempt> tried,
      long waitedNanos) {
    long now = System.nanoTime();
    double millis = (now - s.startNanos()) / 1_000_000.0;
    List<AttemptRecord> attempts = bill.attempts();
    double overhead = Overhead.nanos(s.startNanos(), now, upstreamNanos(tried), waitedNanos) / 1_000_000.0;
    Caller caller = s.caller();
    return new TraceRecord(s.traceId(), startedAt,
        caller == null ? RejectedCalls.UNAUTHENTICATED : caller.tenant(), caller == null ? null : caller.keyId(),
        s.model(), provider, upstreamModel, upstreamModel, null, false, status, errorCode, errorMessage, bill.tokens(),
        bill.estimated(), bill.costUsd(), millis, null, overhead, null, s.user(),
        TraceTags.of(s.headers().get(TraceTags.HEADER)), Map.of(), captured(s), null, attempts,
        TraceDetails.embeddings(TraceParent.valid(s.headers().get(TraceParent.HEADER)), s.verdicts(), skipped));
  }
}
