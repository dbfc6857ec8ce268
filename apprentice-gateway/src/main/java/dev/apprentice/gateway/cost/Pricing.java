package dev.apprentice.gateway.cost;

import dev.apprentice.api.trace.Tokens;
import dev.apprentice.gateway.config.PriceSettings;
import dev.apprentice.gateway.config.ProviderSettings;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prices calls: a model alias's configured price overrides the price table field by field, for every target of that
 * alias. A cached-input, cache-write or reasoning price the table gives as equal to the input (reasoning: output)
 * price — left out there, or the same number — follows a configured input (output) price: reasoning tokens are output
 * tokens, billed at the output rate, whatever rate the config gives it. A model neither the table nor the config prices costs nothing, so no budget can bind on it: see
 * {@link #unpriced}.
 */
public final class Pricing {

  private final PriceTable table;
  private final Map<String, PriceSettings> overrides;

  /** @param overrides configured prices by model alias ({@code models.<alias>.price}); aliases without one left out */
  public Pricing(PriceTable table, Map<String, PriceSettings> overrides) {
    this.table = table;
    this.overrides = Map.copyOf(overrides);
  }

  /** The price of {@code upstreamModel} served for {@code route}, or null when nothing prices it. */
  public Price priceOf(ModelRoute route, String upstreamModel) {
    Price listed = table.find(upstreamModel);
    PriceSettings configured = route == null ? null : overrides.get(route.name());
    if (configured == null) return listed;
    if (listed == null) {
      return Price.of(orZero(configured.inputPerMtok()), orZero(configured.outputPerMtok()),
          configured.cachedInputPerMtok(), configured.cacheWritePerMtok(), configured.reasoningPerMtok());
    }
    double input = or(configured.inputPerMtok(), listed.input());
    double output = or(configured.outputPerMtok(), listed.output());
    // a price the table gives as the input's (output's) is that one's, not a number of its own: it follows the config
    return new Price(input, output,
        or(configured.cachedInputPerMtok(), listed.cachedInput() == listed.input() ? input : listed.cachedInput()),
        or(configured.cacheWritePerMtok(), listed.cacheWrite() == listed.input() ? input : listed.cacheWrite()),
        or(configured.reasoningPerMtok(), listed.reasoning() == listed.output() ? output : listed.reasoning()));
  }

  /** What these tokens cost on {@code upstreamModel} for {@code route}; 0 when the model has no price. */
  public double cost(ModelRoute route, String upstreamModel, Tokens tokens) {
    Price price = priceOf(route, upstreamModel);
    return price == null ? 0 : price.cost(tokens);
  }

  /**
   * The targets of {@code route} that nothing prices (neither the alias's {@code price:} nor the table), whose calls
   * are booked at $0; simulator targets, which cost nothing, are not among them. Empty when every target is priced.
   */
  public List<Target> unpriced(ModelRoute route) {
    List<Target> missing = new ArrayList<>(0);
    for (Target target : route.targets()) {
      if (!ProviderSettings.SIMULATOR.equals(target.provider().type())
          && priceOf(route, target.upstreamModel()) == null) {
        missing.add(target);
      }
    }
    return missing;
  }

  /** The most a call of this size can cost on whichever of the route's targets serves it. */
  public double worstCase(ModelRoute route, int tokensIn, int tokensOut) {
    double worst = 0;
    for (Target target : route.targets()) {
      Price price = priceOf(route, target.upstreamModel());
      if (price != null) worst = Math.max(worst, price.worstCase(tokensIn, tokensOut));
    }
    return worst;
  }

  public PriceTable table() {
    return table;
  }

  private static double or(Double configured, double listed) {
    return configured != null ? configured : listed;
  }

  private static double orZero(Double value) {
    return value == null ? 0 : value;
  }
}
