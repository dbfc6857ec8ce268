package dev.apprentice.gateway.cache;

import dev.apprentice.testing.InMemoryCache;
import static dev.apprentice.testing.FakeProvider.chunk;
import static dev.apprentice.testing.FakeProvider.fail;
import static dev.apprentice.testing.FakeProvider.reply;
import static dev.apprentice.testing.FakeProvider.roleChunk;
import static dev.apprentice.testing.FakeProvider.streamChunks;
import static dev.apprentice.testing.FakeProvider.streamReply;
import static dev.apprentice.testing.FakeProvider.textChunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Deadline;
import dev.apprentice.api.DeadlineExceededException;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.cache.CacheHit;
import dev.apprentice.api.cache.CacheKey;
import dev.apprentice.api.cache.CachePolicy;
import dev.apprentice.api.cache.CacheStats;
import dev.apprentice.api.cache.CachedAnswer;
import dev.apprentice.api.cache.ResponseCache;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.accounting.AccountingStep;
import dev.apprentice.gateway.accounting.Capture;
import dev.apprentice.gateway.config.CacheSettings;
import dev.apprentice.gateway.config.PriceSettings;
import dev.apprentice.gateway.cost.PriceTable;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.routing.FallbackRouter;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CacheStepTest {

  private final FakeProvider openai = new FakeProvider("openai");
  private final InMemoryCache cache = new InMemoryCache();
  private final List<TraceRecord> traces = new CopyOnWriteArrayList<>();
  private CacheSettings settings = CacheSettings.defaults();
  private Gateway gateway;
  private String knowledge;
  /** The route's one target; a test may change it between gateways that share the cache. */
  private Target target;

  @AfterEach
  void close() {
    if (gateway != null) gateway.close();
    openai.close();
  }

  private Gateway gateway() {
    if (gateway != null) return gateway;
    if (target == null) target = new Target(openai, "gpt-4o", 1);
    ModelRoute route = new ModelRoute("smart", new FallbackRouter(), List.of(target), 0,
        Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(1),
        new Breakers.Policy(50, 1_000, Duration.ofSeconds(30)));
    Pricing pricing = new Pricing(PriceTable.builtIn(), Map.of("smart", new PriceSettings(2.0, 10.0, null, null, null)));
    gateway = Gateway.builder()
        .interceptor(new AccountingStep(pricing, new TokenEstimator(), m -> Capture.METADATA_ONLY, traces::add))
        .interceptor(new CacheStep(cache, m -> settings, Runnable::run,
            CacheStep.Options.DEFAULTS.withKnowledge(m -> knowledge)))
        .model(route).build();
    return gateway;
  }

  private static ChatRequest ask(String text, Double temperature, boolean stream) {
    return ChatRequest.builder().model("smart")
        .messages(List.of(Message.system("You are a bank's support agent."), Message.user(text)))
        .stream(stream).streamOptions(stream ? new ChatRequest.StreamOptions(true) : null).temperature(temperature)
        .build();
  }

  private Outcome run(ChatRequest request, Map<String, String> headers) {
    return gateway().execute(gateway().open(request, "tr_" + traces.size(), headers), request);
  }

  private static List<ChatChunk> drain(Outcome outcome) throws ProviderException {
    Outcome.Streaming streaming = (Outcome.Streaming) outcome;
    List<ChatChunk> chunks = new ArrayList<>(List.of(streaming.first()));
    try (var rest = streaming.rest()) {
      for (ChatChunk c = rest.next(); c != null; c = rest.next()) chunks.add(c);
    }
    return chunks;
  }

  @Test
  void aLookupThatCannotEmbedItsPromptWithinATenthOfTheCallsTimeIsAMissAndTheModelAnswers() {
    List<Deadline> given = new ArrayList<>();
    List<String> timedOut = new ArrayList<>();
    ResponseCache late = new ResponseCache() {
      @Override
      public Optional<CacheHit> lookup(CacheKey key, CachePolicy policy) {
        throw new AssertionError("a lookup must be given its share of the call's time");
      }

      @Override
      public Optional<CacheHit> lookup(CacheKey key, CachePolicy policy, Deadline deadline) {
        given.add(deadline);
        throw new DeadlineExceededException("the work did not finish before the deadline");
      }

      @Override
      public void store(CacheKey key, CachedAnswer answer, CachePolicy policy) {
        cache.store(key, answer, policy);
      }

      @Override
      public CacheStats stats() {
        return cache.stats();
      }

      @Override
      public long clear(String tenant, String model) {
        return cache.clear(tenant, model);
      }

      @Override
      public void close() {
      }
    };
    ModelRoute route = new ModelRoute("smart", new FallbackRouter(), List.of(new Target(openai, "gpt-4o", 1)), 0,
        Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(1),
        new Breakers.Policy(50, 1_000, Duration.ofSeconds(30)));
    gateway = Gateway.builder()
        .interceptor(new AccountingStep(new Pricing(PriceTable.builtIn(), Map.of()), new TokenEstimator(),
            m -> Capture.METADATA_ONLY, traces::add))
        .interceptor(new CacheStep(late, m -> settings, Runnable::run,
            CacheStep.Options.DEFAULTS.withLookupTimeouts(timedOut::add)))
        .model(route).build();
    openai.then(reply("Paris"));

    Outcome outcome = run(ask("Capital of France?", 0.0, false), Map.of());

    assertThat(((Outcome.Complete) outcome).response().text()).isEqualTo("Paris");
    assertThat(traces.getFirst().cache()).isEqualTo("miss");
    assertThat(timedOut).containsExactly("smart");
    assertThat(given).singleElement().satisfies(deadline -> assertThat(deadline.remaining())
        .as("a tenth of the call's 5 s").isLessThanOrEqualTo(Duration.ofMillis(500)));
    assertThat(cache.entries).as("its answer is still kept").hasSize(1);
  }

  @Test
  void aRequestAskingForLogprobsIsNeitherAnsweredFromTheCacheNorKept() {
    openai.byDefault(reply("Paris"));
    ChatRequest plain = ask("Capital of France?", 0.0, false);
    ChatRequest withLogprobs = ChatRequest.builder().model(plain.model()).messages(plain.messages()).temperature(0.0)
        .extra(Map.of("logprobs", true)).build();

    run(withLogprobs, Map.of());
    run(withLogprobs, Map.of());

    assertThat(openai.calls()).isEqualTo(2);
    assertThat(cache.entries).isEmpty();
    assertThat(cache.lookups.get()).isZero();
  }

  @Test
  void aCachedAnswerReplaysANullInsideAFieldTheGatewayDoesNotRead() {
    openai.then(reply("Paris"));
    ModelRoute route = new ModelRoute("smart", new FallbackRouter(), List.of(new Target(openai, "gpt-4o", 1)), 0,
        Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(1),
        new Breakers.Policy(50, 1_000, Duration.ofSeconds(30)));
    Pricing pricing = new Pricing(PriceTable.builtIn(), Map.of("smart", new PriceSettings(2.0, 10.0, null, null, null)));
    gateway = Gateway.builder()
        .interceptor(new AccountingStep(pricing, new TokenEstimator(), m -> Capture.METADATA_ONLY, traces::add))
        .interceptor(new CacheStep(cache, m -> settings, Runnable::run, CacheStep.Options.DEFAULTS))
        .interceptor(chain -> withFilterResults((Outcome.Complete) chain.proceed(chain.request())))
        .model(route).build();
    ChatRequest request = ask("Capital of France?", 0.0, false);
    run(request, Map.of());

    ChatResponse replayed = ((Outcome.Complete) run(request, Map.of())).response();

    assertThat(openai.calls()).isEqualTo(1);
    assertThat(replayed.choices().getFirst().extra().get("content_filter_results"))
        .isEqualTo(filterResults());
  }

  /** An upstream's answer field the gateway does not read, with an explicit null inside (Azure's shape). */
  private static Map<String, Object> filterResults() {
    Map<String, Object> results = new java.util.LinkedHashMap<>();
    results.put("hate", Map.of("filtered", false));
    results.put("jailbreak", null);
    return results;
  }

  private static Outcome withFilterResults(Outcome.Complete complete) {
    ChatResponse r = complete.response();
    ChatResponse.Choice c = r.choices().getFirst();
    var choice = new ChatResponse.Choice(c.index(), c.message(), c.finishReason(), c.logprobs(),
        new java.util.LinkedHashMap<>(Map.of("content_filter_results", filterResults())));
    return new Outcome.Complete(new ChatResponse(r.id(), r.object(), r.created(), r.model(), List.of(choice),
        r.usage(), r.systemFingerprint(), r.extra()));
  }

  @Test
  void aRepeatedDeterministicRequestIsAnsweredFromTheCacheAtNoCost() {
    openai.then(reply("Open the app and choose Cards, then Reset PIN."));
    ChatRequest request = ask("How do I reset my PIN?", 0.0, false);
    ChatResponse first = ((Outcome.Complete) run(request, Map.of())).response();
    ChatResponse second = ((Outcome.Complete) run(request, Map.of())).response();

    assertThat(openai.calls()).isEqualTo(1);
    assertThat(second.text()).isEqualTo(first.text());
    assertThat(second.id()).isNotEqualTo(first.id());
    TraceRecord miss = traces.get(0);
    TraceRecord hit = traces.get(1);
    assertThat(miss.cache()).isEqualTo("miss");
    assertThat(hit.cache()).isEqualTo("exact");
    assertThat(hit.details().cacheSimilarity()).isEqualTo(1.0);
    assertThat(hit.costUsd()).isZero();
    assertThat(hit.tokens().input()).isZero();
    assertThat(hit.provider() + "/" + hit.upstreamModel()).as("the target that made the cached answer")
        .isEqualTo("openai/gpt-4o");
    assertThat(hit.details().costSavedUsd()).isEqualTo(miss.costUsd()).isPositive();
  }

  @Test
  void aHitIsTracedUnderTheConfiguredTargetThatMadeItsAnswerWhateverSlashesItsNamesHold() {
    FakeProvider proxy = new FakeProvider("eu/proxy");
    target = new Target(proxy, "meta/llama-3", 1);
    proxy.then(reply("Open the app."));
    ChatRequest request = ask("How do I reset my PIN?", 0.0, false);
    run(request, Map.of());
    run(request, Map.of());
    proxy.close();

    TraceRecord hit = traces.get(1);
    assertThat(hit.cache()).isEqualTo("exact");
    assertThat(hit.provider()).isEqualTo("eu/proxy");
    assertThat(hit.upstreamModel()).isEqualTo("meta/llama-3");
  }

  @Test
  void aHitMadeByATargetNoLongerConfiguredIsTracedUnderTheNameItWasMadeBy() {
    openai.then(reply("Open the app."));
    ChatRequest request = ask("How do I reset my PIN?", 0.0, false);
    run(request, Map.of());
    gateway.close();
    gateway = null;
    target = new Target(openai, "gpt-4o-mini", 1);
    run(request, Map.of());

    TraceRecord hit = traces.get(1);
    assertThat(hit.cache()).isEqualTo("exact");
    assertThat(hit.provider() + " " + hit.upstreamModel()).isEqualTo("openai gpt-4o");
  }

  @Test
  void anAnswerMadeFromEarlierContentsOfTheModelsCollectionIsNotServedAfterTheyChange() {
    settings = new CacheSettings(CachePolicy.Mode.SEMANTIC, 0.9, Duration.ofHours(1), 100, true);
    openai.then(reply("The limit is 500."), reply("The limit is 800."), reply("unused"));
    ChatRequest request = ask("What is my card limit?", 0.0, false);
    knowledge = "handbook@1";
    run(request, Map.of());
    run(request, Map.of());
    knowledge = "handbook@2";
    ChatResponse afterChange = ((Outcome.Complete) run(request, Map.of())).response();
    ChatResponse repeated = ((Outcome.Complete) run(request, Map.of())).response();

    assertThat(openai.calls()).isEqualTo(2);
    assertThat(afterChange.text()).isEqualTo("The limit is 800.");
    assertThat(repeated.text()).isEqualTo("The limit is 800.");
    assertThat(traces).extracting(TraceRecord::cache).containsExactly("miss", "exact", "miss", "exact");
  }

  @Test
  void aRequestWithoutTemperatureZeroOrASeedIsNotCachedByDefault() {
    openai.byDefault(reply("It depends."));
    ChatRequest request = ask("Tell me a story", null, false);
    run(request, Map.of());
    run(request, Map.of());
    assertThat(openai.calls()).isEqualTo(2);
    assertThat(cache.lookups.get()).isZero();
  }

  @Test
  void aModelMayCacheEveryRequestWhenConfiguredTo() {
    settings = new CacheSettings(CachePolicy.Mode.EXACT, 0.9, Duration.ofHours(1), 100, false);
    openai.byDefault(reply("It depends."));
    ChatRequest request = ask("Tell me a story", 0.8, false);
    run(request, Map.of());
    run(request, Map.of());
    assertThat(openai.calls()).isEqualTo(1);
  }

  @Test
  void aModelWithTheCacheOffNeverLooksItUp() {
    settings = new CacheSettings(CachePolicy.Mode.OFF, 0.9, Duration.ofHours(1), 100, true);
    openai.byDefault(reply("Paris"));
    run(ask("capital of France?", 0.0, false), Map.of());
    run(ask("capital of France?", 0.0, false), Map.of());
    assertThat(openai.calls()).isEqualTo(2);
    assertThat(cache.lookups.get()).isZero();
  }

  @Test
  void noCacheSkipsTheLookupButKeepsTheFreshAnswerAndNoStoreSkipsBoth() {
    openai.then(reply("first answer"), reply("fresh answer"), reply("unkept answer"));
    ChatRequest request = ask("What is my balance?", 0.0, false);
    run(request, Map.of());
    ChatResponse fresh = ((Outcome.Complete) run(request, Map.of("cache-control", "no-cache"))).response();
    assertThat(fresh.text()).isEqualTo("fresh answer");
    run(request, Map.of("cache-control", "no-store"));
    ChatResponse cached = ((Outcome.Complete) run(request, Map.of())).response();

    assertThat(openai.calls()).isEqualTo(3);
    assertThat(cached.text()).isEqualTo("fresh answer");
  }

  @Test
  void aStreamedAnswerIsKeptAndReplayedAsAWellFormedStream() throws Exception {
    openai.then(streamReply("Open", " the", " app."));
    ChatRequest streamed = ask("How do I reset my PIN?", 0.0, true);
    drain(run(streamed, Map.of()));
    List<ChatChunk> replay = drain(run(streamed, Map.of()));

    assertThat(openai.calls()).isEqualTo(1);
    assertThat(replay.getFirst().choices().getFirst().delta().role()).isEqualTo("assistant");
    StringBuilder text = new StringBuilder();
    replay.forEach(c -> c.choices().forEach(ch -> {
      if (ch.delta().content() != null) text.append(ch.delta().content());
    }));
    assertThat(text).hasToString("Open the app.");
    assertThat(replay.get(replay.size() - 2).choices().getFirst().finishReason()).isEqualTo("stop");
    assertThat(replay.getLast().usageOnly()).isTrue();
    assertThat(replay).allSatisfy(c -> assertThat(c.object()).isEqualTo(ChatChunk.OBJECT));
    assertThat(traces.get(1).cache()).isEqualTo("exact");
    assertThat(traces.get(1).stream()).isTrue();

    ChatResponse plain = ((Outcome.Complete) run(ask("How do I reset my PIN?", 0.0, false), Map.of())).response();
    assertThat(plain.text()).isEqualTo("Open the app.");
    assertThat(openai.calls()).isEqualTo(1);
  }

  @Test
  void aStreamThatEndedWithoutSayingHowItsAnswerEndedIsNotKept() throws Exception {
    openai.then(streamChunks(roleChunk(), textChunk("The daily limit is")), reply("The daily limit is 500."));
    drain(run(ask("What is my daily limit?", 0.0, true), Map.of()));

    ChatResponse next = ((Outcome.Complete) run(ask("What is my daily limit?", 0.0, false), Map.of())).response();

    assertThat(next.text()).as("not the cut answer, replayed as finished").isEqualTo("The daily limit is 500.");
    assertThat(openai.calls()).isEqualTo(2);
  }

  @Test
  void anAnswerTheProvidersContentFilterCutIsNotKept() throws Exception {
    openai.then(streamChunks(roleChunk(), textChunk("Here is how"), chunk(ChatChunk.Delta.text(""), "content_filter")),
        reply("Here is how to dispute a charge."));
    drain(run(ask("How do I dispute a charge?", 0.0, true), Map.of()));

    ChatResponse next = ((Outcome.Complete) run(ask("How do I dispute a charge?", 0.0, false), Map.of())).response();

    assertThat(next.text()).isEqualTo("Here is how to dispute a charge.");
    assertThat(openai.calls()).isEqualTo(2);
  }

  @Test
  void aFailedCallIsNotKept() {
    openai.then(fail(Kind.SERVER_ERROR, 500, null), reply("recovered"));
    ChatRequest request = ask("How do I reset my PIN?", 0.0, false);
    assertThatThrownBy(() -> run(request, Map.of())).isInstanceOf(GatewayException.class);
    assertThat(cache.entries).isEmpty();
    assertThat(((Outcome.Complete) run(request, Map.of())).response().text()).isEqualTo("recovered");
  }

  @Test
  void aSemanticHitIsTracedWithItsSimilarity() {
    settings = new CacheSettings(CachePolicy.Mode.SEMANTIC, 0.9, Duration.ofHours(1), 100, true);
    openai.then(reply("Open the app."));
    run(ask("How do I reset my PIN?", 0.0, false), Map.of());
    ChatResponse hit = ((Outcome.Complete) run(ask("how do i reset my pin", 0.0, false), Map.of())).response();

    assertThat(hit.text()).isEqualTo("Open the app.");
    assertThat(traces.get(1).cache()).isEqualTo("semantic");
    assertThat(traces.get(1).details().cacheSimilarity()).isEqualTo(0.95);
  }

  @Test
  void theSameWordsUnderAnotherSystemPromptDoNotHit() {
    settings = new CacheSettings(CachePolicy.Mode.SEMANTIC, 0.9, Duration.ofHours(1), 100, true);
    openai.byDefault(reply("an answer"));
    run(ask("How do I reset my PIN?", 0.0, false), Map.of());
    ChatRequest pirate = ChatRequest.builder().model("smart").messages(List.of(Message.system("Answer like a pirate."),
        Message.user("How do I reset my PIN?"))).temperature(0.0).build();
    run(pirate, Map.of());
    assertThat(openai.calls()).isEqualTo(2);
  }

  @Test
  void aBrokenCacheNeverFailsACall() {
    cache.broken = true;
    openai.byDefault(reply("still here"));
    ChatResponse answer = ((Outcome.Complete) run(ask("hello", 0.0, false), Map.of())).response();
    assertThat(answer.text()).isEqualTo("still here");
    assertThat(traces.getFirst().cache()).isEqualTo("miss");
  }
}
