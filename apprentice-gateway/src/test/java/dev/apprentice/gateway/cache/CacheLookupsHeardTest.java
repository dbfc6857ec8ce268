package dev.apprentice.gateway.cache;

import static dev.apprentice.testing.FakeProvider.reply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Deadline;
import dev.apprentice.api.Message;
import dev.apprentice.api.cache.CacheHit;
import dev.apprentice.api.cache.CacheKey;
import dev.apprentice.api.cache.CachePolicy;
import dev.apprentice.api.cache.CacheStats;
import dev.apprentice.api.cache.CachedAnswer;
import dev.apprentice.api.cache.ResponseCache;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.accounting.AccountingStep;
import dev.apprentice.gateway.accounting.Capture;
import dev.apprentice.gateway.config.CacheSettings;
import dev.apprentice.gateway.cost.PriceTable;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.routing.FallbackRouter;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.testing.FakeProvider;
import dev.apprentice.testing.InMemoryCache;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lookups a cache step makes are heard as the cache counts them, and only those (the lookups metric). */
class CacheLookupsHeardTest {

  private final FakeProvider openai = new FakeProvider("openai");
  private final InMemoryCache entries = new InMemoryCache();
  private final List<CacheHit> notServed = new CopyOnWriteArrayList<>();
  private final List<String> heard = new CopyOnWriteArrayList<>();
  private volatile boolean tierless;
  /** The accounting step ends each call, which is when its answer is kept. */
  private final Gateway gateway = Gateway.builder()
      .interceptor(new AccountingStep(new Pricing(PriceTable.builtIn(), Map.of()), new TokenEstimator(),
          m -> Capture.METADATA_ONLY, trace -> { }))
      .interceptor(new CacheStep(new CountingCache(), m -> CacheSettings.defaults(), Runnable::run,
          CacheStep.Options.DEFAULTS.withLookups((call, result) -> heard.add(result))))
      .model(new ModelRoute("smart", new FallbackRouter(), List.of(new Target(openai, "gpt-4o", 1)), 0,
          Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(1),
          new Breakers.Policy(50, 1_000, Duration.ofSeconds(30))))
      .build();

  @AfterEach
  void close() {
    gateway.close();
    openai.close();
  }

  private Outcome ask(double temperature, Map<String, String> headers) {
    ChatRequest request = ChatRequest.builder().model("smart").messages(List.of(Message.user("Capital of France?")))
        .temperature(temperature).build();
    return gateway.execute(gateway.open(request, "tr_" + heard.size(), headers), request);
  }

  @Test
  void eachLookupIsHeardWithWhatItCameToAndACallTheCacheLeavesAloneIsNot() {
    openai.byDefault(reply("Paris"));

    ask(0.0, Map.of());
    ask(0.0, Map.of());
    ask(0.0, Map.of("cache-control", "no-store"));
    ask(0.0, Map.of("cache-control", "no-cache"));
    ask(0.7, Map.of());

    assertThat(heard).containsExactly("miss", "exact");
  }

  @Test
  void aKeptAnswerThatCannotBeReadBackIsNotServedAndTheCacheAndItsListenersCountAMiss() {
    openai.byDefault(reply("Paris"));
    ask(0.0, Map.of());
    entries.entries.replaceAll((key, kept) -> new CachedAnswer("{\"choices\": [", kept.costUsd()));

    Outcome outcome = ask(0.0, Map.of());

    assertThat(((Outcome.Complete) outcome).response().text()).isEqualTo("Paris");
    assertThat(openai.calls()).as("the model answered").isEqualTo(2);
    assertThat(notServed).singleElement().satisfies(hit -> assertThat(hit.tier()).isEqualTo(CacheHit.Tier.EXACT));
    assertThat(heard).containsExactly("miss", "miss");
  }

  @Test
  void aHitThatFailsAsItIsServedIsNotServedAndTheCacheAndItsListenersCountAMiss() {
    openai.byDefault(reply("Paris"));
    ask(0.0, Map.of());
    tierless = true; // a hit that names no tier fails after the cache counted it, as it is served

    Outcome outcome = ask(0.0, Map.of());

    assertThat(((Outcome.Complete) outcome).response().text()).isEqualTo("Paris");
    assertThat(openai.calls()).as("the model answered").isEqualTo(2);
    assertThat(notServed).hasSize(1);
    assertThat(heard).containsExactly("miss", "miss");
  }

  /** The in-memory cache, with the hits it was told were not served; {@link #tierless} breaks the hits it finds. */
  private final class CountingCache implements ResponseCache {
    @Override
    public Optional<CacheHit> lookup(CacheKey key, CachePolicy policy) {
      return entries.lookup(key, policy);
    }

    @Override
    public Optional<CacheHit> lookup(CacheKey key, CachePolicy policy, Deadline deadline) {
      return entries.lookup(key, policy).map(hit -> tierless ? new CacheHit(hit.response(), null, hit.similarity(),
          hit.costUsd(), hit.storedAt(), hit.servedBy()) : hit);
    }

    @Override
    public void notServed(CacheHit hit) {
      notServed.add(hit);
    }

    @Override
    public void store(CacheKey key, CachedAnswer answer, CachePolicy policy) {
      entries.store(key, answer, policy);
    }

    @Override
    public CacheStats stats() {
      return entries.stats();
    }

    @Override
    public long clear(String tenant, String model) {
      return entries.clear(tenant, model);
    }

    @Override
    public void close() {}
  }
}
