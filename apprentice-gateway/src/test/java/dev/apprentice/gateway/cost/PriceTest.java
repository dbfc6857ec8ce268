package dev.apprentice.gateway.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.api.trace.Tokens;
import org.junit.jupiter.api.Test;

class PriceTest {

  private final Price price = new Price(2.0, 8.0, 0.5, 3.0, 20.0);

  @Test
  void plainTokensArePricedAtTheInputAndOutputRates() {
    assertThat(price.cost(new Tokens(1_000, 500, 0, 0, 0))).isCloseTo((1_000 * 2.0 + 500 * 8.0) / 1e6, within(1e-12));
  }

  @Test
  void cachedCacheWriteAndReasoningTokensArePricedOnceAtTheirOwnRates() {
    double cost = price.cost(new Tokens(1_000, 500, 200, 100, 300));

    double expected = 700 * 2.0 + 200 * 0.5 + 100 * 3.0 + 200 * 8.0 + 300 * 20.0;
    assertThat(cost).isCloseTo(expected / 1e6, within(1e-12));
  }

  @Test
  void moreCachedTokensThanInputTokensNeverMakeACostNegative() {
    assertThat(price.cost(new Tokens(10, 5, 40, 0, 9))).isCloseTo((40 * 0.5 + 9 * 20.0) / 1e6, within(1e-12));
  }

  @Test
  void missingCachedAndCacheWritePricesAreTheInputPriceAndAMissingReasoningPriceIsTheOutputPrice() {
    assertThat(Price.of(1.0, 4.0, null, null, null)).isEqualTo(new Price(1.0, 4.0, 1.0, 1.0, 4.0));
    assertThat(Price.of(1.0, 4.0, 0.1, 1.25, null)).isEqualTo(new Price(1.0, 4.0, 0.1, 1.25, 4.0));
  }

  @Test
  void theWorstCaseTakesTheDearestRateOfEachSide() {
    assertThat(price.worstCase(1_000, 100)).isCloseTo((1_000 * 3.0 + 100 * 20.0) / 1e6, within(1e-12));
  }
}
