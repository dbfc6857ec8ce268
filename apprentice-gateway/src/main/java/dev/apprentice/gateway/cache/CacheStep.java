package dev.apprentice.gateway.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.DeadlineExceededException;
import dev.apprentice.api.WireJson;
import dev.apprentice.api.cache.CacheHit;
import dev.apprentice.api.cache.CacheKey;
import dev.apprentice.api.cache.CachePolicy;
import dev.apprentice.api.cache.CachedAnswer;
import dev.apprentice.api.cache.ResponseCache;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.CallEnd;
import dev.apprentice.gateway.Interceptor;
import dev.apprentice.gateway.LocalWait;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.config.CacheSettings;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers a call from the {@link ResponseCache} when it can, and keeps the answer of a call it could not answer.
 * Only requests whose answer is meant to repeat are cached unless the model's {@code cache:} block says otherwise;
 * {@code Cache-Control: no-cache} skips the lookup (the fresh answer is still kept), {@code no-store} skips both.
 * Answers are kept only when the call succeeded, after its cost is known, on the {@code writes} executor so that no
 * client waits for the cache's disk. A call a guardrail asks again ({@link Call#wantFreshAnswer}) goes to the model,
 * and only its last answer is kept. A cache that fails is treated as a miss: it never fails a call. A model that
 * answers from a collection ({@code rag:}) keys its answers by the collection's revision and its {@code rag:}
 * settings as well, so a change to the collection or to how it is retrieved retires the answers made before. On a
 * semantic cache, a call whose last user turn holds personal data or a secret ({@link PrivateValues}) is neither
 * answered nor kept by meaning, and neither is an answer that holds such a value its request does not: the exact tier
 * alone serves them, and the call's trace records why ({@link Call#semanticSkipped}). An answer that passed that check
 * is kept marked with the check's identity ({@link CachedAnswer#privacyCheck}, {@link PrivateValues#check}); a
 * semantic hit on an entry not marked with the model's current one (kept before such values were looked for, without
 * looking, or under other settings: fewer PII types, a higher threshold) whose answer holds a value the asking
 * request does not is not served, and its entry is kept for exact matches only from then on
 * ({@link ResponseCache#keepForExactMatchesOnly}), so that the fresh answer serves the next paraphrase.
 * A {@code rag:} model's answer is kept with the chunks its retrieval put into the prompt ({@link
 * CachedAnswer#retrieved}), and a hit gives them to the call ({@link Call#retrieved}): the values of those passages
 * count as sent for the hit's private-value read and the output guard, and its trace lists them.
 *
 * <p>A semantic lookup waits for the local embedding model at most {@link #LOOKUP_SHARE} of the time the call has
 * left, so that a long queue at the model (a burst of {@code /v1/embeddings}) costs the call that much at most, and
 * the upstream keeps the rest: a lookup that cannot embed its prompt in time is a miss (its prompt leaves the model's
 * queue, and its answer is kept for exact matches only), and is counted ({@code lookupTimedOut}).
 */
public final class CacheStep implements Interceptor {

  private static final System.Logger LOG = System.getLogger(CacheStep.class.getName());
  /** A replayed answer is the answer as it was sent: nulls inside its maps are kept ({@link WireJson}). */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .defaultPropertyInclusion(WireJson.INCLUSION)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  /** The finish reason of a choice the provider's content filter cut or emptied. */
  private static final String FILTERED = "content_filter";

  /** The part of the time a call has left that its lookup may wait for the embedding model: a tenth. */
  public static final double LOOKUP_SHARE = 0.1;

  private final ResponseCache cache;
  private final Function<String, CacheSettings> settingsOf;
  private final Executor writes;
  private final Function<String, String> knowledgeOf;
  private final PrivateValues privateValues;
  private final Consumer<String> lookupTimedOut;
  private final Lookups lookups;

  /**
   * @param settingsOf the {@code cache:} settings of a model alias
   * @param writes     runs the stores (a bounded single-thread executor in the server; tests run them inline)
   * @param options    what the step asks besides its cache ({@link Options#DEFAULTS} for none of it)
   */
  public CacheStep(ResponseCache cache, Function<String, CacheSettings> settingsOf, Executor writes,
      Options options) {
    this.cache = cache;
    this.settingsOf = settingsOf;
    this.writes = writes;
    this.knowledgeOf = options.knowledgeOf();
    this.privateValues = options.privateValues();
    this.lookupTimedOut = options.lookupTimedOut();
    this.lookups = options.lookups();
  }

  /**
   * Hears each lookup a call made of the cache, with what it came to as the cache counts it ({@link
   * ResponseCache#stats}): {@code exact}, {@code semantic} or {@code miss} (a hit not served is a miss). A call the
   * cache leaves alone ({@code Cache-Control: no-cache} or {@code no-store}, a request whose answer is not meant to
   * repeat, a guardrail's retry) made no lookup and is not heard.
   */
  @FunctionalInterface
  public interface Lookups {
    Lookups NONE = (call, result) -> { };

    void looked(Call call, String result);
  }

  /**
   * What a cache step asks besides its cache, settings and writer; each part has a default that asks nothing.
   *
   * @param knowledgeOf    what a model alias's answers rest on besides the request (the upstream models it routes
   *                       to, its {@code rag:} collection's revision and settings), or null; asked on every cached
   *                       call, so it must be cheap
   * @param privateValues  finds what keeps a call from the semantic tier; asked on every call of a model that caches
   *                       by meaning ({@code private_values: exact}, the default), so it must be cheap
   * @param lookupTimedOut hears the model alias of each call whose lookup could not embed its prompt within its share
   *                       of the call's time (and went on as a miss)
   * @param lookups        hears each lookup made and what it came to
   */
  public record Options(Function<String, String> knowledgeOf, PrivateValues privateValues,
      Consumer<String> lookupTimedOut, Lookups lookups) {

    /** No knowledge besides the request, no private values looked for, lookups heard by no one. */
    public static final Options DEFAULTS = new Options(model -> null, PrivateValues.NONE, model -> { }, Lookups.NONE);

    public Options {
      Objects.requireNonNull(knowledgeOf, "knowledgeOf");
      Objects.requireNonNull(privateValues, "privateValues");
      Objects.requireNonNull(lookupTimedOut, "lookupTimedOut");
      Objects.requireNonNull(lookups, "lookups");
    }

    public Options withKnowledge(Function<String, String> knowledgeOf) {
      return new Options(knowledgeOf, privateValues, lookupTimedOut, lookups);
    }

    public Options withPrivateValues(PrivateValues privateValues) {
      return new Options(knowledgeOf, privateValues, lookupTimedOut, lookups);
    }

    public Options withLookupTimeouts(Consumer<String> lookupTimedOut) {
      return new Options(knowledgeOf, privateValues, lookupTimedOut, lookups);
    }

    public Options withLookups(Lookups lookups) {
      return new Options(knowledgeOf, privateValues, lookupTimedOut, lookups);
    }
  }

  @Override
  public Outcome intercept(Chain chain) {
    Call call = chain.call();
    ChatRequest request = chain.request();
    CacheSettings settings = settingsOf.apply(call.model());
    if (settings == null || settings.mode() == CachePolicy.Mode.OFF
        || (settings.deterministicOnly() && !deterministic(request)) || asksForLogprobs(request)
        || request.asksForAudio()) {
      return chain.proceed(request);
    }
    String control = call.headers().getOrDefault("cache-control", "").toLowerCase(Locale.ROOT);
    boolean noStore = control.contains("no-store");
    CacheKey key = CacheKeys.of(call.caller().tenant(), call.model(), request, knowledgeOf.apply(call.model()));
    CachePolicy semantic = policyFor(settings, key);
    boolean guarded = settings.guardsPrivateValues() && semantic.mode() == CachePolicy.Mode.SEMANTIC;
    String privatePrompt = guarded ? privatePrompt(call, key) : null;
    String check = guarded ? check(call) : null;
    CachePolicy policy = privatePrompt == null ? semantic : exactOnly(semantic);
    Looked looked = Looked.MISS;
    if (!noStore && !control.contains("no-cache") && call.answerRound() == 0) {
      looked = lookup(call, key, policy, guarded ? new Reader(request, check) : null);
      if (looked.answer() != null) {
        return request.streaming() ? CacheReplay.stream(looked.answer()) : new Outcome.Complete(looked.answer());
      }
    }
    if (privatePrompt != null) call.semanticSkipped(privatePrompt);
    // a lookup that timed out leaves its prompt to the exact tier: the answer is kept there whatever it holds
    Kept kept = new Kept(key, policy, request, guarded && privatePrompt == null && !looked.timedOut(), check);
    int round = call.answerRound();
    Outcome outcome = chain.proceed(request);
    if (round > 0) call.answeredFresh(); // a guardrail's retry: the model answered, not the cache
    if (noStore) return outcome;
    return switch (outcome) {
      case Outcome.Complete complete -> {
        call.onEnd(end -> keep(end, call, round, kept, complete::response));
        yield complete;
      }
      case Outcome.Streaming streaming -> {
        AssemblingStream assembled = new AssemblingStream(streaming.first(), streaming.rest());
        call.onEnd(end -> keep(end, call, round, kept, assembled::response));
        yield new Outcome.Streaming(streaming.first(), assembled);
      }
    };
  }

  private static boolean cutShort(ChatResponse answer) {
    return answer.choices().stream().anyMatch(c -> "length".equals(c.finishReason()));
  }

  /**
   * Log probabilities are not cached: a hit played back as a stream does not carry them ({@link CacheReplay}), and
   * they describe one sampling of the model rather than the answer, so a hit would answer a caller that asked for
   * them with another call's, or none. Nor are spoken answers
   * ({@link ChatRequest#asksForAudio}): an assembled stream does not carry their audio either, and the audio's id, by
   * which a later turn refers to it, expires at the provider.
   */
  private static boolean asksForLogprobs(ChatRequest request) {
    return Boolean.TRUE.equals(request.extra().get("logprobs"));
  }

  static boolean deterministic(ChatRequest request) {
    return request.seed() != null || (request.temperature() != null && request.temperature() == 0.0);
  }

  /** Semantic lookups need a plain-text last user turn; without one only exact matches are sought. */
  private static CachePolicy policyFor(CacheSettings settings, CacheKey key) {
    CachePolicy policy = settings.policy();
    if (policy.mode() == CachePolicy.Mode.SEMANTIC && key.prompt().isEmpty()) return exactOnly(policy);
    return policy;
  }

  private static CachePolicy exactOnly(CachePolicy policy) {
    return new CachePolicy(CachePolicy.Mode.EXACT, policy.threshold(), policy.ttl(), policy.maxEntries());
  }

  /**
   * Why the prompt must stay out of the semantic tier, or null. A check that fails keeps it out too
   * ({@link TraceDetails#CHECK_FAILED}): the exact tier still serves the call.
   */
  private String privatePrompt(Call call, CacheKey key) {
    try {
      return privateValues.inPrompt(call, key.prompt());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not check the prompt of " + call.traceId()
          + " for private values; the semantic cache tier is skipped", e);
      return TraceDetails.CHECK_FAILED;
    }
  }

  /** The identity of the check the call's model gets, or null (its answers are then kept unmarked). */
  private String check(Call call) {
    try {
      return privateValues.check(call.model());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not tell the private-value check of " + call.model()
          + "; its answers are kept unmarked and its semantic hits read again", e);
      return null;
    }
  }

  /** Why the answer must be kept for exact matches only, or null; an answer that cannot be checked is too. */
  private String privateAnswer(Call call, ChatRequest request, ChatResponse answer) {
    try {
      return privateValues.inAnswer(call, request, answer);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not check the answer of " + call.traceId()
          + " for private values; it is kept for exact matches only", e);
      return TraceDetails.CHECK_FAILED;
    }
  }

  /**
   * Where a call's answer goes: its key, the tiers that may keep it, the request as the cache saw it, and whether the
   * answer must still be checked for private values before the semantic tier keeps it (not when the semantic tier
   * will not keep it anyway: its prompt held one, or its lookup could not embed the prompt in time), and the identity
   * of the check it gets.
   */
  private record Kept(CacheKey key, CachePolicy policy, ChatRequest request, boolean checkAnswer, String check) {}

  /** How a semantic hit is read for private values: against the request as the cache saw it, by the check named. */
  private record Reader(ChatRequest request, String check) {}

  /**
   * What a lookup found: the answer to serve, or none, whether it gave up on embedding the prompt in time, and what
   * it came to as the cache counts it ({@link Lookups}).
   */
  private record Looked(ChatResponse answer, boolean timedOut, String result) {
    static final String MISSED = "miss";
    static final Looked MISS = new Looked(null, false, MISSED);
    static final Looked TIMED_OUT = new Looked(null, true, MISSED);
  }

  /**
   * The cached answer for the key, if any. With {@code guarded} (when the semantic tier must leave private values
   * alone), a semantic hit whose answer holds a value the request does not is not served: an entry kept by meaning
   * before its values were looked for (an older version, {@code private_values: semantic}) or by a check under other
   * settings must not reach a paraphrase either. An entry whose answer passed the model's current check as it was
   * kept is not read again: a semantic hit
   * shares its system prompt, earlier turns and (for a {@code rag:} model) collection revision with the asking
   * request, and the check found in its answer only values of those, or none. A hit skips retrieval: the chunks kept
   * with its answer ({@link CacheHit#retrieved}) go on the call, so that this read, the output guard and the trace see
   * the passages the answer was made from (an entry kept before they were recorded has none).
   */
  private Looked lookup(Call call, CacheKey key, CachePolicy policy, Reader guarded) {
    Looked looked = Looked.MISS; // a call whose client left meanwhile: the cache counted a miss
    try {
      looked = find(call, key, policy, guarded);
      return looked;
    } finally {
      lookups.looked(call, looked.result());
    }
  }

  private Looked find(Call call, CacheKey key, CachePolicy policy, Reader guarded) {
    Optional<CacheHit> hit;
    try {
      hit = cache.lookup(key, policy, call.deadline().part(LOOKUP_SHARE));
    } catch (DeadlineExceededException e) {
      lookupTimedOut.accept(call.model());
      LOG.log(System.Logger.Level.DEBUG, () -> "the cache lookup of " + call.traceId() + " could not embed its prompt"
          + " within its share of the call's time; answering from the model");
      return Looked.TIMED_OUT;
    } catch (CancellationException e) {
      throw LocalWait.abandoned(); // the client left while the prompt was embedded: nothing more is done for it
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cache lookup failed for " + call.traceId() + "; answering from the model", e);
      return Looked.MISS;
    }
    if (hit.isEmpty()) return Looked.MISS;
    Looked served;
    try {
      served = serve(call, key, hit.get(), guarded);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a cache hit could not be served to " + call.traceId()
          + "; answering from the model", e);
      call.retrieved(List.of());
      served = Looked.MISS;
    }
    // the one place a hit not served is told to the cache, so that its count and the listeners' agree on a miss
    if (served.answer() == null) notServed(hit.get());
    return served;
  }

  /**
   * The answer a hit gives the call, or a miss when it is not served: its answer cannot be read back, or holds a
   * private value the request does not.
   */
  private Looked serve(Call call, CacheKey key, CacheHit hit, Reader guarded) {
    ChatResponse stored = replayable(hit);
    if (stored == null) return Looked.MISS;
    call.retrieved(hit.retrieved()); // the passages its answer was made from: a hit skips retrieval
    if (guarded != null && hit.tier() == CacheHit.Tier.SEMANTIC && !hit.checkedBy(guarded.check())
        && privateAnswer(call, guarded.request(), stored) != null) {
      call.retrieved(List.of());
      call.semanticSkipped(TraceDetails.PRIVATE_HIT);
      keepForExactMatchesOnly(key, hit);
      return Looked.MISS;
    }
    call.answeredFromCache(hit.tier().label(), hit.similarity(), hit.costUsd(), hit.servedBy());
    return new Looked(new ChatResponse("chatcmpl-" + call.traceId(), "chat.completion",
        System.currentTimeMillis() / 1000, stored.model(), stored.choices(), stored.usage(),
        stored.systemFingerprint(), stored.extra()), false, hit.tier().label());
  }

  private void notServed(CacheHit hit) {
    try {
      cache.notServed(hit);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "the cache could not be told a hit was not served", e);
    }
  }

  /** The answer a hit kept, or null when it cannot be read back: the hit is then not served, and counted a miss. */
  private ChatResponse replayable(CacheHit hit) {
    try {
      return JSON.readValue(hit.response(), ChatResponse.class);
    } catch (JsonProcessingException e) {
      LOG.log(System.Logger.Level.WARNING, "a cached answer could not be read back; answering from the model", e);
      return null;
    }
  }

  private void keep(CallEnd end, Call call, int round, Kept kept, Supplier<ChatResponse> response) {
    if (end.status() != 200 || end.errorCode() != null) return;
    if (round != call.answerRound()) return; // a guardrail asked again: this answer was not the one served
    if (call.keptOutOfCache()) return;
    String servedBy = call.servedBy();
    boolean capped = call.outputTokenCap() != null;
    List<RetrievedChunk> retrieved = call.retrieved();
    if (!kept.checkAnswer()) {
      Made made = new Made(servedBy, null, retrieved);
      store(kept.key(), kept.policy(), end, made, () -> keepable(response.get(), capped));
      return;
    }
    // judged now, before the trace is written, so that it can say why: pattern scans, microseconds
    ChatResponse answer;
    try {
      answer = keepable(response.get(), capped);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "an answer could not be kept in the cache", e);
      return;
    }
    if (answer == null) return;
    String reason = privateAnswer(call, kept.request(), answer);
    if (reason != null) call.semanticSkipped(reason);
    if (reason == null) {
      store(kept.key(), kept.policy(), end, new Made(servedBy, kept.check(), retrieved), () -> answer);
    } else {
      store(kept.key(), exactOnly(kept.policy()), end, new Made(servedBy, null, retrieved), () -> answer);
    }
  }

  /**
   * How an answer was made, kept with it: the target that produced it, the private-value check it passed (null: none),
   * and the chunks retrieval put into its prompt (bounded by the model's {@code rag: k} and its collection's chunk
   * size).
   */
  private record Made(String servedBy, String check, List<RetrievedChunk> retrieved) {}

  /**
   * The answer when it may be kept: it has a choice, each choice says how it ended and was not cut by the provider's
   * content filter, and it was not cut at this caller's budget cap (another caller may have none); else null. A stream
   * that ended without a {@code finish_reason} may have been cut, and a replay would say {@code stop}; a filter's cut
   * depends on the provider's filter settings and its reading of this one answer, which the key does not name (unlike
   * {@code length}, which the request's own limit decides).
   */
  private static ChatResponse keepable(ChatResponse answer, boolean capped) {
    if (answer == null || answer.choices() == null || answer.choices().isEmpty()) return null;
    if (answer.choices().stream().anyMatch(c -> c.finishReason() == null || FILTERED.equals(c.finishReason()))) {
      return null;
    }
    return capped && cutShort(answer) ? null : answer;
  }

  /**
   * Leaves the entry of a semantic hit refused for its answer to the exact tier, on the writer: every paraphrase would
   * be refused it the same way, and it would shadow the fresh answer this call leaves until it expired.
   */
  private void keepForExactMatchesOnly(CacheKey asked, CacheHit refused) {
    try {
      writes.execute(() -> {
        try {
          cache.keepForExactMatchesOnly(asked, refused);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "a refused cache entry could not be kept for exact matches only", e);
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.log(System.Logger.Level.DEBUG, "cache writes are backed up; a refused entry still answers paraphrases");
    }
  }

  /** Stores the answer {@code answered} supplies (null: none to keep) on the writer, off the call's thread. */
  private void store(CacheKey key, CachePolicy policy, CallEnd end, Made made, Supplier<ChatResponse> answered) {
    try {
      writes.execute(() -> {
        try {
          ChatResponse answer = answered.get();
          if (answer == null) return;
          cache.store(key, new CachedAnswer(JSON.writeValueAsString(answer), end.costUsd(), made.servedBy(),
              made.check(), made.retrieved()), policy);
        } catch (JsonProcessingException | RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "an answer could not be kept in the cache", e);
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.log(System.Logger.Level.DEBUG, "cache writes are backed up; an answer was not kept");
    }
  }
}
