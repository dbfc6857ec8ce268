package dev.apprentice.gateway;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Deadline;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.api.trace.SkippedTarget;
import dev.apprentice.api.retrieval.LeftOutChunk;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The state of one gateway call as it moves through the pipeline: which model it routes to, its deadline, the
 * attempts made so far, and how much time was spent waiting on upstreams (the rest is gateway overhead).
 * Mutated only by the thread serving the call, except {@link #end}, which runs once on whichever thread finishes
 * the call (a stream may end on a heartbeat or watchdog thread), and {@link #cancel}, which the server calls from the
 * thread that noticed the client leave.
 */
public final class Call {

  private final String traceId;
  private final ModelRoute route;
  private final long startNanos;
  private final Instant startedAt;
  private final long deadlineNanos;
  private final Map<String, String> headers;
  private final Caller caller;
  private final List<Consumer<CallEnd>> endHooks = new ArrayList<>(2);
  private volatile CallEnd ended;
  private final List<Attempt> attempts = new ArrayList<>(2);
  private final List<ChatRequest> sent = new ArrayList<>(2);
  private final List<SkippedTarget> skipped = new ArrayList<>(0);
  private long upstreamNanos;
  private long waitNanos;
  private Target servedBy;
  private String cacheStatus = "miss";
  private String cachedServedBy;
  private Double cacheSimilarity;
  private double costSavedUsd;
  private volatile int answerRound;
  private volatile boolean notForCache;
  private volatile List<RetrievedChunk> retrieved = List.of();
  private volatile List<LeftOutChunk> leftOut = List.of();
  private volatile boolean searched;
  private String retrievalSkipped;
  private volatile Double retrievalMs;
  private volatile String semanticSkipped;
  private byte[] requestBody;
  private String prompt;
  private String api;
  private final List<GuardVerdict> verdicts = new CopyOnWriteArrayList<>();
  private volatile Integer outputTokenCap;
  private volatile Consumer<ChatRequest> beforeUpstream;
  private volatile OpeningHold openingHold;
  private volatile ChatRequest capturedRequest;
  private volatile boolean requestWithheld;
  private volatile boolean inputUnchecked;
  private volatile Supplier<ChatResponse> capturedResponse;
  private final Cancellation cancellation = new Cancellation();

  public Call(String traceId, ModelRoute route, long startNanos, Map<String, String> headers) {
    this(traceId, route, startNanos, headers, Caller.ANONYMOUS);
  }

  public Call(String traceId, ModelRoute route, long startNanos, Map<String, String> headers, Caller caller) {
    this(traceId, route, startNanos, headers, caller, arrivedAt(java.time.Clock.systemUTC(), startNanos));
  }

  /**
   * When a request that arrived at {@code startNanos} (by {@link System#nanoTime()}) arrived by {@code clock}: the one
   * date its trace, its spend ledger row and its budget windows all go by.
   */
  public static Instant arrivedAt(java.time.Clock clock, long startNanos) {
    return clock.instant().minusNanos(Math.max(0, System.nanoTime() - startNanos));
  }

  /** A call that arrived at {@code startedAt} by the gateway's clock ({@code startNanos} by {@link System#nanoTime()}). */
  public Call(String traceId, ModelRoute route, long startNanos, Map<String, String> headers, Caller caller,
      Instant startedAt) {
    this.traceId = traceId;
    this.caller = caller;
    this.route = route;
    this.startNanos = startNanos;
    this.startedAt = startedAt;
    this.deadlineNanos = startNanos + route.timeout().toNanos();
    this.headers = headers;
  }

  public String traceId() {
    return traceId;
  }

  public ModelRoute route() {
    return route;
  }

  public String model() {
    return route.name();
  }

  public long startNanos() {
    return startNanos;
  }

  /** Wall-clock time the request arrived: the time its trace carries, and the day and month its spend belongs to. */
  public Instant startedAt() {
    return startedAt;
  }

  public long deadlineNanos() {
    return deadlineNanos;
  }

  /**
   * The call's deadline as in-process work waits on it (the local embedding model's queue, for the cache's lookup,
   * retrieval, the injection detector): it passes with {@code timeout_ms}, or when the call is {@link #cancel}led. The
   * call's departure future is made only when something waits within it (an exact-only cache lookup, a guard with no
   * injection scanner never does).
   */
  public Deadline deadline() {
    return Deadline.at(deadlineNanos, cancellation::departure);
  }

  /** Request headers the client sent (lower-case names); read-only. */
  public Map<String, String> headers() {
    return headers;
  }

  /** Who is calling: the authenticated key and its tenant, or {@link Caller#ANONYMOUS}. */
  public Caller caller() {
    return caller;
  }

  /**
   * Registers work to do when the call has ended (settling a budget reservation, ...). Hooks run once, in the order
   * they were registered, after the call's usage and cost are known.
   */
  public synchronized void onEnd(Consumer<CallEnd> hook) {
    endHooks.add(hook);
  }

  /**
   * Ends the call: runs the end hooks once. Later calls do nothing and return false. A hook that throws is logged
   * and does not stop the others.
   */
  public boolean end(CallEnd end) {
    List<Consumer<CallEnd>> hooks;
    synchronized (this) {
      if (ended != null) return false;
      ended = end;
      hooks = List.copyOf(endHooks);
    }
    for (Consumer<CallEnd> hook : hooks) {
      try {
        hook.accept(end);
      } catch (RuntimeException e) {
        System.getLogger(Call.class.getName()).log(System.Logger.Level.ERROR, "call end hook failed for " + traceId, e);
      }
    }
    return true;
  }

  /**
   * Caps the output tokens per choice of a request that sets no limit itself: its providers send the cap upstream
   * as the request's limit (the limits reserved this many, so the call cannot cost more than they hold).
   */
  public void capOutputTokens(int perChoice) {
    this.outputTokenCap = perChoice;
  }

  /** The cap on output tokens per choice for a request that sets no limit, or null. */
  public Integer outputTokenCap() {
    return outputTokenCap;
  }

  /**
   * Registers what to do each time the request leaves for the upstreams, as the per-call steps made it (retrieval
   * adds context, redaction rewrites text, a guardrail may ask a second time): the limits reserve for what they did
   * not see, and may refuse. One check per call; a later one replaces it.
   */
  public void beforeUpstream(Consumer<ChatRequest> check) {
    this.beforeUpstream = check;
  }

  /** Runs the check registered by {@link #beforeUpstream}; the routing step calls it once per pass. */
  public void upstreamRequest(ChatRequest request) {
    Consumer<ChatRequest> check = beforeUpstream;
    if (check != null) check.accept(request);
  }

  /**
   * Has each streamed attempt read its opening on past the first token as {@code hold} asks, before it answers: a
   * guardrail that must read ahead before any text goes out sets this, so that an upstream failing meanwhile is
   * retried or failed over as one that failed before its first token is. One per call; a later one replaces it.
   */
  public void holdOpening(OpeningHold hold) {
    this.openingHold = hold;
  }

  /** What {@link #holdOpening} set, or null. */
  OpeningHold openingHold() {
    return openingHold;
  }

  /**
   * The client went away before its answer began: the attempt in flight is abandoned (its upstream connection
   * closed), no other attempt or fallback starts, and the call ends as {@code client_disconnected} (499), charged for
   * what an upstream answered and, estimated, for the prompt of the abandoned attempt when its request had been sent.
   * Safe from any thread; a second cancel does nothing.
   */
  public void cancel() {
    cancellation.cancel();
  }

  /**
   * Runs {@code work} on this thread, interrupted should the call be {@link #cancel}led meanwhile, as the tries of its
   * targets are: for a step that reads on in the upstream's stream before the answer begins (its blocked read then
   * fails and closes that connection). The interrupt does not outlive the work.
   */
  public <T> T cancellable(java.util.function.Supplier<T> work) {
    return cancellation.interruptibly(work);
  }

  /** True once {@link #cancel} was called. */
  public boolean cancelled() {
    return cancellation.cancelled();
  }

  Cancellation cancellation() {
    return cancellation;
  }

  /** How the call ended, or null while it is running. */
  public CallEnd ended() {
    return ended;
  }

  public List<Attempt> attempts() {
    return Collections.unmodifiableList(attempts);
  }

  /**
   * Records an attempt that sent {@code request} upstream (before its target's model name was put in): the steps
   * between the accounting and the routing rewrite the client's request (retrieval adds context, a guardrail redacts),
   * so the accounting books a prompt given up after sending ({@link Attempt#givenUpAfterSending}) from this one.
   */
  public void recordAttempt(Attempt attempt, ChatRequest request) {
    attempts.add(attempt);
    sent.add(request);
    upstreamNanos += attempt.latencyNanos();
  }

  /**
   * Records that the answer of the last answered attempt broke off by {@code failure} before anything of it reached the
   * client (a guardrail reading a stream's opening ahead beyond what its attempt held, {@link #holdOpening}): the
   * attempt's outcome becomes that failure, as for a stream that failed before its first chunk, and it is still booked
   * at what the upstream sent. Its target's circuit breaker has counted the failure already, from the stream itself.
   */
  public void answerBrokeOff(ProviderException failure) {
    int answered = Attempt.lastAnswered(attempts);
    if (answered >= 0) attempts.set(answered, attempts.get(answered).brokeOff(failure));
  }

  /** The request the attempt at {@code index} of {@link #attempts} sent (before its target's model name was put in). */
  public ChatRequest sentBy(int index) {
    return sent.get(index);
  }

  /** A target passed over without a request (open circuit, a request it cannot serve): kept for the trace. */
  public void recordSkipped(SkippedTarget target) {
    skipped.add(target);
  }

  /** The targets passed over so far, in order. */
  public List<SkippedTarget> skipped() {
    return Collections.unmodifiableList(skipped);
  }

  /**
   * Time a read of the upstream's stream waited, once the attempt had its first token: a step that reads on before
   * the answer begins (the output guard's read ahead of a stream's opening) waits on the upstream, not in the gateway.
   */
  void recordStreamRead(long nanos) {
    upstreamNanos += nanos;
  }

  /** Time deliberately spent waiting (backoff, Retry-After): neither upstream time nor overhead. */
  public void recordWait(long nanos) {
    waitNanos += nanos;
  }

  /**
   * {@code provider/upstream-model} of the target that answered; on a cache hit, of the target that produced the
   * cached answer; null when neither is known.
   */
  public String servedBy() {
    return servedBy == null ? cachedServedBy : servedBy.id();
  }

  /** The target that answered, or null. */
  public Target servedTarget() {
    return servedBy;
  }

  public void servedBy(Target target) {
    this.servedBy = target;
  }

  /** The request exactly as the client sent it, when the server kept it (a trace captures it without re-writing). */
  public byte[] requestBody() {
    return requestBody;
  }

  public void requestBody(byte[] body) {
    this.requestBody = body;
  }

  /**
   * Makes the trace capture {@code request} instead of the client's own bytes: a guardrail that redacted the request
   * sets this, so that a stored trace holds only what the upstream was allowed to see.
   */
  public void captureRequestAs(ChatRequest request) {
    this.capturedRequest = request;
  }

  /** The request a trace should capture instead of the client's, or null. */
  public ChatRequest capturedRequest() {
    return capturedRequest;
  }

  /**
   * Makes the trace keep no request body at all: a guardrail failed before it could say what may be kept, and the
   * client's own bytes hold whatever it was there to take out. Wins over {@link #captureRequestAs}.
   */
  public void withholdRequest() {
    this.requestWithheld = true;
  }

  /**
   * Holds the request back from the trace until a guardrail has checked it ({@link #inputChecked}): set for a model
   * whose guardrail takes private data out, so that a call refused before the guardrail ran (by a limit) is traced
   * without the client's text, {@code user} and {@code metadata}.
   */
  public void holdRequestUntilChecked() {
    this.inputUnchecked = true;
  }

  /** The guardrail checked the request: the trace may keep what {@link #captureRequestAs} or the client says. */
  public void inputChecked() {
    this.inputUnchecked = false;
  }

  /** True when the trace must keep no request body, nor the request's {@code user} and {@code metadata}. */
  public boolean requestWithheld() {
    return requestWithheld || inputUnchecked;
  }

  /**
   * Makes the trace capture this answer instead of the one the client received (the redacted form, before the
   * originals were put back). The supplier runs when the call ends; it may supply null when there is no answer.
   */
  public void captureResponseAs(Supplier<ChatResponse> response) {
    this.capturedResponse = response;
  }

  /** The answer a trace should capture instead of the client's, or null. */
  public Supplier<ChatResponse> capturedResponse() {
    return capturedResponse;
  }

  /** Records a guardrail verdict for the trace and the metrics; safe from any thread. */
  public void verdict(GuardVerdict verdict) {
    verdicts.add(verdict);
  }

  /** The guardrail verdicts so far, in order. */
  public List<GuardVerdict> verdicts() {
    return List.copyOf(verdicts);
  }

  public String cacheStatus() {
    return cacheStatus;
  }

  public void cacheStatus(String status) {
    this.cacheStatus = status;
  }

  /**
   * Marks the call as answered from the cache: which tier, how similar the prompts were, what it saved, and which
   * target produced the answer when it was kept (null if unknown).
   */
  public void answeredFromCache(String tier, double similarity, double savedUsd, String producedBy) {
    this.cachedServedBy = producedBy;
    this.cacheStatus = tier;
    this.cacheSimilarity = similarity;
    this.costSavedUsd = savedUsd;
  }

  /**
   * Asks for the next answer from a model, not the cache: a guardrail that retries an answer which failed its check
   * calls this before asking again. Answers of earlier rounds are not kept in the cache; a cache hit so far stands
   * until a model has answered ({@link #answeredFresh}), so a retry that fails leaves the call as the hit it was.
   */
  public void wantFreshAnswer() {
    answerRound++;
  }

  /** A model answered the fresh round: an earlier cache hit no longer stands (the call is charged for this answer). */
  public void answeredFresh() {
    cacheStatus = "miss";
    cacheSimilarity = null;
    cachedServedBy = null;
    costSavedUsd = 0;
  }

  /**
   * Keeps this call's answer out of the response cache: it was made without something a repeat of the request would
   * normally get (retrieval failed, so the answer lacks its context).
   */
  public void keepOutOfCache() {
    notForCache = true;
  }

  /** True when {@link #keepOutOfCache} was called. */
  public boolean keptOutOfCache() {
    return notForCache;
  }

  /** How many times {@link #wantFreshAnswer} was called: 0 until a guardrail asks again. */
  public int answerRound() {
    return answerRound;
  }

  /** True when the cache answered the call (no upstream was asked). */
  public boolean cacheHit() {
    return cacheSimilarity != null;
  }

  /** The similarity of a cache hit (1.0 for exact), or null. */
  public Double cacheSimilarity() {
    return cacheSimilarity;
  }

  /**
   * The chunks retrieval inserted into the prompt the call's answer was made from, best first: on a cache hit, those
   * kept with the cached answer ({@link dev.apprentice.api.cache.CacheHit#retrieved}), since a hit skips retrieval.
   * Read by the output guard and the cache's private-value check (their values count as sent) and the trace.
   */
  public List<RetrievedChunk> retrieved() {
    return retrieved;
  }

  /**
   * Records the chunks the answer is made from; a later pass (a guardrail's retry) replaces them, and forgets those
   * the pass before left out ({@link #leftOut(List)}).
   */
  public void retrieved(List<RetrievedChunk> chunks) {
    this.retrieved = List.copyOf(chunks);
    this.leftOut = List.of();
  }

  /** The chunks the model's search found but left out of the prompt, and why; empty when none was. */
  public List<LeftOutChunk> leftOut() {
    return leftOut;
  }

  /**
   * Records for the trace the chunks the model's search found but left out of the prompt (a duplicate, one over the
   * context budget); call after {@link #searched(List)}, which forgets those of an earlier pass.
   */
  public void leftOut(List<LeftOutChunk> chunks) {
    this.leftOut = List.copyOf(chunks);
  }

  /**
   * Records the chunks a search of the model's collection put into the prompt, as {@link #retrieved(List)} does; the
   * trace then shows them even when there are none (an empty collection, every chunk under {@code min_score}), so
   * that a search that found nothing reads apart from a call that did not search.
   */
  public void searched(List<RetrievedChunk> chunks) {
    retrieved(chunks);
    searched = true;
  }

  /** Why the model's retrieval was skipped (e.g. {@link TraceDetails#NO_QUERY}), or null. */
  public String retrievalSkipped() {
    return retrievalSkipped;
  }

  /** Records for the trace that the model's retrieval was skipped, and why. */
  public void retrievalSkipped(String reason) {
    this.retrievalSkipped = reason;
  }

  /** How long the model's search of its collection took, in milliseconds, or null when none ran. */
  public Double retrievalMs() {
    return retrievalMs;
  }

  /** Records for the trace how long the model's search took (embedding the query and searching the collection). */
  public void retrievalMs(double millis) {
    this.retrievalMs = millis;
  }

  /** Why the semantic cache tier was left out of the call (e.g. {@link TraceDetails#PII_IN_PROMPT}), or null. */
  public String semanticSkipped() {
    return semanticSkipped;
  }

  /**
   * Records for the trace that the semantic cache tier was left out of the call, and why: its prompt or answer holds
   * a value one caller must not get from another's entry. Safe from any thread (an answer is judged when it ends).
   */
  public void semanticSkipped(String reason) {
    this.semanticSkipped = reason;
  }

  /** The registered prompt the call was made with, as {@code name@version}, or null. */
  public String prompt() {
    return prompt;
  }

  public void prompt(String nameAtVersion) {
    this.prompt = nameAtVersion;
  }

  /**
   * Records for the trace the wire API the call came through ({@link TraceDetails#RESPONSES}); left unset, or
   * {@link TraceDetails#CHAT_COMPLETIONS}, for {@code /v1/chat/completions}.
   */
  public void api(String api) {
    this.api = api;
  }

  /** The wire API the call came through, as its trace names it ({@link TraceDetails#wireApi}). */
  public String wireApi() {
    return api != null ? api : TraceDetails.CHAT_COMPLETIONS;
  }

  /**
   * What the cache, retrieval, the prompt registry and the guardrails did, the targets passed over, the caller's
   * trace context and the wire API, for the trace.
   */
  public TraceDetails details() {
    String traceparent = TraceParent.valid(headers.get(TraceParent.HEADER));
    List<RetrievedChunk> chunks = this.retrieved;
    List<RetrievedChunk> retrieved = searched || !chunks.isEmpty() ? chunks : null; // null: no search to show
    if (cacheSimilarity == null && retrieved == null && prompt == null && verdicts.isEmpty() && traceparent == null
        && skipped.isEmpty() && retrievalSkipped == null && semanticSkipped == null && api == null
        && retrievalMs == null && leftOut.isEmpty()) {
      return TraceDetails.NONE; // a plain chat completion's: shared, not made again for each call
    }
    return new TraceDetails(cacheSimilarity, costSavedUsd, retrieved, prompt, verdicts(), traceparent, null,
        List.copyOf(skipped), retrievalSkipped, semanticSkipped, api, retrievalMs, leftOut);
  }

  /** Time spent inside the gateway so far, excluding upstream time and deliberate waits ({@link Overhead}). */
  public long overheadNanos(long nowNanos) {
    return Overhead.nanos(startNanos, nowNanos, upstreamNanos, waitNanos);
  }

  public long upstreamNanos() {
    return upstreamNanos;
  }
}
