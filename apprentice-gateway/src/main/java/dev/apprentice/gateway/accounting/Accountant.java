package dev.apprentice.gateway.accounting;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.trace.Generation;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.api.trace.TraceSink;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.gateway.Attempt;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.CallEnd;
import dev.apprentice.gateway.cost.Price;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.routing.Target;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Closes the books on a call: tokens from the provider's usage (estimated locally when it sent none), cost from the
 * price of the target that answered, plus the prompt of each attempt given up after its request was sent (estimated
 * locally, at its own target's input price) and what a stream that broke off in its attempt's opening had sent, the
 * call's end hooks (budgets and rate limits settle here), and the trace
 * handed to the sink, each attempt with what it is booked at.
 */
final class Accountant {

  private static final System.Logger LOG = System.getLogger(Accountant.class.getName());

  private final Pricing pricing;
  private final TokenEstimator estimator;
  private final Function<String, Capture> captureOf;
  private final TraceSink sink;
  /** Whether a sink reads the generation parameters: else a trace holds none, and no call copies them. */
  private final boolean readsGeneration;

  Accountant(Pricing pricing, TokenEstimator estimator, Function<String, Capture> captureOf, TraceSink sink) {
    this.pricing = pricing;
    this.estimator = estimator;
    this.captureOf = captureOf;
    this.sink = sink;
    this.readsGeneration = sink.readsGeneration();
  }

  /**
   * Ends the call and hands its trace on. Should working out its tokens or cost fail (a defect), the call still ends,
   * uncharged and logged, so that the budget and rate reservations held for it are given back rather than held until
   * a restart.
   */
  void finish(Call call, ChatRequest request, Ending ending) {
    long endNanos = System.nanoTime();
    Bill bill;
    try {
      bill = charge(call, request, ending);
    } catch (Throwable defect) {
      LOG.log(System.Logger.Level.ERROR, "could not work out the tokens and cost of call " + call.traceId()
          + "; it ends uncharged", defect);
      bill = new Bill(new CallEnd(ending.status(), ending.errorCode(), Tokens.NONE, true, 0), List.of());
      if (defect instanceof Error error) {
        call.end(bill.end()); // the reservations are given back before the JVM's trouble goes on up
        throw error;
      }
    }
    CallEnd end = bill.end();
    if (!call.end(end)) return;
    sink.accept(trace(call, request, ending, end, bill.bookings(), endNanos));
  }

  /** A call's end and what each of its attempts is booked at (empty when none is booked at anything). */
  private record Bill(CallEnd end, List<Attempt.Booking> bookings) {}

  /**
   * The answer's tokens and cost, plus the prompt of every attempt given up after its request was sent (counted
   * locally, at its target's input price): the upstream processed those prompts and bills them.
   */
  private Bill charge(Call call, ChatRequest request, Ending ending) {
    Target target = call.servedTarget();
    Tokens tokens = Tokens.NONE;
    boolean estimated = false;
    if (call.cacheHit()) {
      // answered from the cache: no model was asked, nothing used (the saving is in the trace's details)
    } else if (ending.usage() != null) {
      tokens = ending.usage().tokens();
    } else if (target != null) {
      // served but unreported (a provider without usage, a stream cut short): estimate rather than record $0, from
      // the prompt the answering attempt sent (retrieval's context, a guardrail's redaction), not the client's
      int answering = Attempt.lastAnswered(call.attempts());
      ChatRequest sent = answering < 0 ? request : call.sentBy(answering);
      tokens = new Tokens(estimator.countPrompt(sent), estimator.countText(ending.producedText().get()), 0, 0, 0);
      estimated = true;
    }
    double cost = 0;
    if (target != null) {
      Price price = pricing.priceOf(call.route(), target.upstreamModel());
      if (price != null) cost = price.cost(tokens);
    }
    List<Attempt> attempts = call.attempts();
    boolean answered = target != null && !call.cacheHit();
    Attempt.Booking answer = answered ? new Attempt.Booking(tokens.input(), tokens.output(), cost, estimated) : null;
    // the same prompt on the same upstream model counts the same: tokenised once, however often it was given up
    Map<PromptOn, Attempt.Booking> prompts = new HashMap<>();
    List<Attempt.Booking> bookings = Attempt.bookings(attempts, answer, i -> attempts.get(i).brokenOpening() != null
        ? openingBooking(call, i)
        : prompts.computeIfAbsent(new PromptOn(call.sentBy(i), attempts.get(i).target().upstreamModel()),
            p -> promptBooking(call, p)));
    Attempt.Booking givenUp = Attempt.givenUpTotal(attempts, bookings);
    if (givenUp == Attempt.Booking.NOTHING) {
      return new Bill(new CallEnd(ending.status(), ending.errorCode(), tokens, estimated, cost), bookings);
    }
    Tokens total = new Tokens((int) Math.min(Integer.MAX_VALUE, tokens.input() + (long) givenUp.inputTokens()),
        (int) Math.min(Integer.MAX_VALUE, tokens.output() + (long) givenUp.outputTokens()), tokens.cachedInput(),
        tokens.cacheWrite(), tokens.reasoning());
    return new Bill(new CallEnd(ending.status(), ending.errorCode(), total, true, cost + givenUp.costUsd()), bookings);
  }

  /** A prompt as sent upstream, on the upstream model it was sent to. */
  private record PromptOn(ChatRequest request, String upstreamModel) {}

  /** A given-up attempt's prompt, counted locally for its upstream model, at that model's input price. */
  private Attempt.Booking promptBooking(Call call, PromptOn prompt) {
    int tokens = estimator.countPrompt(prompt.request(), prompt.upstreamModel());
    double usd = pricing.cost(call.route(), prompt.upstreamModel(), new Tokens(tokens, 0, 0, 0, 0));
    return new Attempt.Booking(tokens, 0, usd, true);
  }

  /**
   * The attempt at {@code index}, whose stream broke off while its opening was held: what its upstream sent, by the
   * usage it reported, else counted locally (its prompt and the text it had written), at its target's price.
   */
  private Attempt.Booking openingBooking(Call call, int index) {
    Attempt attempt = call.attempts().get(index);
    ChatResponse sent = attempt.brokenOpening();
    String model = attempt.target().upstreamModel();
    boolean estimated = sent.usage() == null;
    Tokens tokens = estimated ? new Tokens(estimator.countPrompt(call.sentBy(index), model),
        estimator.countText(Ending.produced(sent), model), 0, 0, 0) : sent.usage().tokens();
    return new Attempt.Booking(tokens.input(), tokens.output(), pricing.cost(call.route(), model, tokens), estimated);
  }

  private TraceRecord trace(Call call, ChatRequest request, Ending ending, CallEnd end,
      List<Attempt.Booking> bookings, long endNanos) {
    Producer producer = Producer.of(call);
    boolean full = captureOf.apply(call.model()) == Capture.FULL;
    Double ttft = ending.firstChunkNanos() == 0 ? null : millis(ending.firstChunkNanos() - call.startNanos());
    // user and metadata are kept whatever the capture setting: from the guardrail's redacted request when there is
    // one, not at all when a guardrail failed
    ChatRequest about = call.requestWithheld() ? null : call.capturedRequest() != null ? call.capturedRequest() : request;
    return new TraceRecord(call.traceId(), call.startedAt(), call.caller().tenant(), call.caller().keyId(),
        call.model(), producer.provider(), producer.upstreamModel(),
        ending.responseModel(), ending.systemFingerprint(), request.streaming(), ending.status(), ending.errorCode(),
        ending.errorMessage(), end.tokens(), end.usageEstimated(), end.costUsd(), millis(endNanos - call.startNanos()),
        ttft,
        millis(ending.overheadNanos()), call.cacheStatus(), about == null ? null : about.user(), tags(call),
        about == null ? null : about.metadata(),
        full ? capturedRequest(call, request) : null, full ? capturedResponse(call, ending) : null,
        Attempt.records(call.attempts(), bookings, call.startNanos()), call.details(), generation(request, ending));
  }

  /**
   * The client's generation parameters and the answer's id and finish reasons, when a sink reads them; an answer a
   * guardrail refused has none (the client never saw it).
   */
  private Generation generation(ChatRequest request, Ending ending) {
    if (!readsGeneration) return null;
    Answer answer = ending.response();
    return Generation.of(request, answer.id(), answer.finishReasons());
  }

  /**
   * The provider and upstream model that produced the call's answer, as {@code x-apprentice-served-by} names them: the
   * target that answered, or on a cache hit the one that produced the cached answer (the trace's {@code cache} tier
   * says it came from the cache); nulls when neither is known (no target answered, an entry kept without its maker).
   */
  private record Producer(String provider, String upstreamModel) {

    private static final Producer UNKNOWN = new Producer(null, null);

    static Producer of(Call call) {
      Target target = call.servedTarget();
      if (target != null) return new Producer(target.provider().name(), target.upstreamModel());
      String cached = call.servedBy(); // provider/upstream-model, which a configured target names exactly
      if (cached == null) return UNKNOWN;
      for (Target t : call.route().targets()) {
        if (t.id().equals(cached)) return new Producer(t.provider().name(), t.upstreamModel());
      }
      int slash = cached.indexOf('/'); // a target no longer configured: provider names hold no '/' in practice
      return slash < 0 ? new Producer(cached, null)
          : new Producer(cached.substring(0, slash), cached.substring(slash + 1));
    }
  }

  /**
   * Nothing when a guardrail failed before it could say what may be kept; the request a guardrail rewrote for the
   * trace when there is one (the redacted form); else the client's own bytes when the server kept them; else the
   * parsed request re-written.
   */
  private static String capturedRequest(Call call, ChatRequest request) {
    if (call.requestWithheld()) return null;
    if (call.capturedRequest() != null) return TraceJson.write(call.capturedRequest());
    byte[] body = call.requestBody();
    return body != null ? new String(body, java.nio.charset.StandardCharsets.UTF_8) : TraceJson.write(request);
  }

  /** The answer a guardrail chose for the trace (the redacted form) when there is one, else the client's. */
  private static String capturedResponse(Call call, Ending ending) {
    var instead = call.capturedResponse();
    return TraceJson.write(instead != null ? instead.get() : ending.response().get());
  }

  private static List<String> tags(Call call) {
    return TraceTags.of(call.headers().get(TraceTags.HEADER));
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }
}
