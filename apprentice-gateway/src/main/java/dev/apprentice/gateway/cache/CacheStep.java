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
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.CallEnd;
import dev.apprentice.gateway.Interceptor;
import dev.apprentice.gateway.LocalWait;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.config.CacheSettings;
import java.util.Locale;
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
 * settings as well, so a change to the collection or to how it is retrieved retires the answers made before.
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

  /** The part of the time a call has left that its lookup may wait for the embedding model: a tenth. */
  public static final double LOOKUP_SHARE = 0.1;

  private final ResponseCache cache;
  private final Function<String, CacheSettings> settingsOf;
  private final Executor writes;
  private final Function<String, String> knowledgeOf;
  private final Consumer<String> lookupTimedOut;

  /**
   * @param settingsOf the {@code cache:} settings of a model alias
   * @param writes     runs the stores (a bounded single-thread executor in the server; tests run them inline)
   */
  public CacheStep(ResponseCache cache, Function<String, CacheSettings> settingsOf, Executor writes) {
    this(cache, settingsOf, writes, model -> null);
  }

  /**
   * @param knowledgeOf the revision of what a model alias answers from besides the request (its {@code rag:}
   *                    collection and settings), or null; asked on every cached call, so it must be cheap
   */
  public CacheStep(ResponseCache cache, Function<String, CacheSettings> settingsOf, Executor writes,
      Function<String, String> knowledgeOf) {
    this(cache, settingsOf, writes, knowledgeOf, model -> { });
  }

  /**
   * @param lookupTimedOut hears the model alias of each call whose lookup could not embed its prompt within its share
   *                       of the call's time (and went on as a miss)
   */
  public CacheStep(ResponseCache cache, Function<String, CacheSettings> settingsOf, Executor writes,
      Function<String, String> knowledgeOf, Consumer<String> lookupTimedOut) {
    this.cache = cache;
    this.settingsOf = settingsOf;
    this.writes = writes;
    this.knowledgeOf = knowledgeOf;
    this.lookupTimedOut = lookupTimedOut;
  }

  @Override
  public Outcome intercept(Chain chain) {
    Call call = chain.call();
    ChatRequest request = chain.request();
    CacheSettings settings = settingsOf.apply(call.model());
    if (settings == null || settings.mode() == CachePolicy.Mode.OFF
        || (settings.deterministicOnly() && !deterministic(request)) || asksForLogprobs(request)) {
      return chain.proceed(request);
    }
    String control = call.headers().getOrDefault("cache-control", "").toLowerCase(Locale.ROOT);
    boolean noStore = control.contains("no-store");
    CacheKey key = CacheKeys.of(call.caller().tenant(), call.model(), request, knowledgeOf.apply(call.model()));
    CachePolicy policy = policyFor(settings, key);
    if (!noStore && !control.contains("no-cache") && call.answerRound() == 0) {
      Optional<ChatResponse> cached = lookup(call, key, policy);
      if (cached.isPresent()) {
        return request.streaming() ? CacheReplay.stream(cached.get()) : new Outcome.Complete(cached.get());
      }
    }
    int round = call.answerRound();
    Outcome outcome = chain.proceed(request);
    if (round > 0) call.answeredFresh(); // a guardrail's retry: the model answered, not the cache
    if (noStore) return outcome;
    return switch (outcome) {
      case Outcome.Complete complete -> {
        call.onEnd(end -> keep(end, call, round, key, policy, complete::response));
        yield complete;
      }
      case Outcome.Streaming streaming -> {
        AssemblingStream assembled = new AssemblingStream(streaming.first(), streaming.rest());
        call.onEnd(end -> keep(end, call, round, key, policy, assembled::response));
        yield new Outcome.Streaming(streaming.first(), assembled);
      }
    };
  }

  private static boolean cutShort(ChatResponse answer) {
    return answer.choices().stream().anyMatch(c -> "length".equals(c.finishReason()));
  }

  /**
   * Log probabilities are not cached: an assembled stream and a replayed answer do not carry them, so a hit would
   * answer {@code logprobs: null} to a caller that asked for them.
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
    if (policy.mode() == CachePolicy.Mode.SEMANTIC && key.prompt().isEmpty()) {
      return new CachePolicy(CachePolicy.Mode.EXACT, policy.threshold(), policy.ttl(), policy.maxEntries());
    }
    return policy;
  }

  private Optional<ChatResponse> lookup(Call call, CacheKey key, CachePolicy policy) {
    try {
      Optional<CacheHit> hit = cache.lookup(key, policy, call.deadline().part(LOOKUP_SHARE));
      if (hit.isEmpty()) return Optional.empty();
      ChatResponse stored = JSON.readValue(hit.get().response(), ChatResponse.class);
      call.answeredFromCache(hit.get().tier().label(), hit.get().similarity(), hit.get().costUsd(),
          hit.get().servedBy());
      return Optional.of(new ChatResponse("chatcmpl-" + call.traceId(), "chat.completion",
          System.currentTimeMillis() / 1000, stored.model(), stored.choices(), stored.usage(),
          stored.systemFingerprint(), stored.extra()));
    } catch (DeadlineExceededException e) {
      lookupTimedOut.accept(call.model());
      LOG.log(System.Logger.Level.DEBUG, () -> "the cache lookup of " + call.traceId() + " could not embed its prompt"
          + " within its share of the call's time; answering from the model");
      return Optional.empty();
    } catch (CancellationException e) {
      throw LocalWait.abandoned(); // the client left while the prompt was embedded: nothing more is done for it
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cache lookup failed for " + call.traceId() + "; answering from the model", e);
      return Optional.empty();
    }
  }

  private void keep(CallEnd end, Call call, int round, CacheKey key, CachePolicy policy,
      Supplier<ChatResponse> response) {
    if (end.status() != 200 || end.errorCode() != null) return;
    if (round != call.answerRound()) return; // a guardrail asked again: this answer was not the one served
    if (call.keptOutOfCache()) return;
    String servedBy = call.servedBy();
    boolean capped = call.outputTokenCap() != null;
    try {
      writes.execute(() -> {
        try {
          ChatResponse answer = response.get();
          if (answer == null || answer.choices() == null || answer.choices().isEmpty()) return;
          if (capped && cutShort(answer)) return; // cut at this caller's budget cap: another caller may have none
          cache.store(key, new CachedAnswer(JSON.writeValueAsString(answer), end.costUsd(), servedBy), policy);
        } catch (JsonProcessingException | RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "an answer could not be kept in the cache", e);
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.log(System.Logger.Level.DEBUG, "cache writes are backed up; an answer was not kept");
    }
  }
}
