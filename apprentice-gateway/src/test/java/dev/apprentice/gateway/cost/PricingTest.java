package dev.apprentice.gateway.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.api.trace.Tokens;
import dev.apprentice.gateway.config.PriceSettings;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.routing.FallbackRouter;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PricingTest {

  private final FakeProvider provider = new FakeProvider("p");
  private final PriceTable table = PriceTable.builtIn();

  private ModelRoute route(String alias, String... upstreamModels) {
    return route(alias, provider, upstreamModels);
  }

  private static ModelRoute route(String alias, FakeProvider provider, String... upstreamModels) {
    List<Target> targets = Arrays.stream(upstreamModels).map(m -> new Target(provider, m, 1)).toList();
    return new ModelRoute(alias, new FallbackRouter(), targets, 0, Duration.ofSeconds(60), Duration.ofSeconds(10),
        Duration.ofMillis(100), new Breakers.Policy(50, 1_000, Duration.ofSeconds(30)));
  }

  @Test
  void aConfiguredPriceWinsFieldByFieldOverTheTable() {
    Pricing pricing = new Pricing(table, Map.of("smart", new PriceSettings(3.0, null, null, 4.0, null)));

    Price listed = table.find("gpt-4o");
    Price price = pricing.priceOf(route("smart", "gpt-4o"), "gpt-4o-2024-08-06");

    assertThat(price).isEqualTo(new Price(3.0, listed.output(), listed.cachedInput(), 4.0, listed.reasoning()));
  }

  @Test
  void reasoningTokensFollowAConfiguredOutputPriceWhereTheTableGivesThemTheOutputPrice() {
    Pricing pricing = new Pricing(table, Map.of("smart", new PriceSettings(2.0, 8.0, 0.5, null, null)));

    Price price = pricing.priceOf(route("smart", "gpt-4o"), "gpt-4o-2024-08-06");

    assertThat(price).isEqualTo(new Price(2.0, 8.0, 0.5, 2.0, 8.0));
    // 200 plain and 800 cached prompt tokens, 90 visible and 10 reasoning completion tokens
    assertThat(price.cost(new Tokens(1_000, 100, 800, 0, 10))).isCloseTo(0.0016, within(1e-12));
  }

  @Test
  void aCachedInputPriceTheTableGivesAsTheInputPriceFollowsAConfiguredInputPrice() {
    Pricing pricing = new Pricing(table, Map.of("old", new PriceSettings(4.0, null, null, null, null)));

    Price listed = table.find("gpt-4o-2024-05-13");
    Price price = pricing.priceOf(route("old", "gpt-4o-2024-05-13"), "gpt-4o-2024-05-13");

    assertThat(price).isEqualTo(new Price(4.0, listed.output(), 4.0, 4.0, listed.reasoning()));
  }

  @Test
  void aModelWithoutAConfiguredPriceTakesTheTablePrice() {
    Pricing pricing = new Pricing(table, Map.of("other", new PriceSettings(9.0, 9.0, null, null, null)));

    assertThat(pricing.priceOf(route("smart", "gpt-4o"), "gpt-4o")).isEqualTo(table.find("gpt-4o"));
  }

  @Test
  void anUnknownModelWithoutAConfiguredPriceCostsNothing() {
    Pricing pricing = new Pricing(table, Map.of());
    ModelRoute local = route("local", "llama-3-70b");

    assertThat(pricing.priceOf(local, "llama-3-70b")).isNull();
    assertThat(pricing.cost(local, "llama-3-70b", new Tokens(1_000, 1_000, 0, 0, 0))).isZero();
    assertThat(pricing.worstCase(local, 1_000, 1_000)).isZero();
  }

  @Test
  void anUnknownModelIsPricedByItsConfiguredPriceAlone() {
    Pricing pricing = new Pricing(table, Map.of("local", new PriceSettings(0.5, 1.5, null, null, null)));

    assertThat(pricing.priceOf(route("local", "llama-3-70b"), "llama-3-70b"))
        .isEqualTo(new Price(0.5, 1.5, 0.5, 0.5, 1.5));
  }

  @Test
  void theTargetsNothingPricesAreListedButNotSimulatorTargetsOrConfiguredOnes() {
    Pricing pricing = new Pricing(table, Map.of("free", new PriceSettings(0.0, 0.0, null, null, null)));
    ModelRoute mixed = route("mixed", "gpt-4o", "llama-3-70b");
    ModelRoute simulated = route("sim", new FakeProvider("sim", "simulator"), "sim-echo");

    assertThat(pricing.unpriced(mixed)).extracting(Target::id).containsExactly("p/llama-3-70b");
    assertThat(pricing.unpriced(route("free", "llama-3-70b"))).isEmpty();
    assertThat(pricing.unpriced(simulated)).isEmpty();
  }

  @Test
  void theWorstCaseIsThatOfTheDearestTarget() {
    Pricing pricing = new Pricing(table, Map.of());
    ModelRoute smart = route("smart", "gpt-4o-mini", "claude-sonnet-4-5", "llama-3-70b");

    double sonnet = table.find("claude-sonnet-4-5").worstCase(2_000, 500);
    assertThat(pricing.worstCase(smart, 2_000, 500)).isCloseTo(sonnet, within(1e-12));
    assertThat(sonnet).isGreaterThan(table.find("gpt-4o-mini").worstCase(2_000, 500));
  }
}
