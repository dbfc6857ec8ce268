package dev.apprentice.gateway.limits;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code limits.unpriced} rule, for chat ({@link LimitsStep}) and embedding calls alike. With {@code refuse} (the
 * default) a caller under a budget may not call a model with a target that nothing prices. Such a target's calls are
 * booked at $0, so a budget would never stop them, and a budget that cannot bind is worse than none: it reads as a
 * guarantee. The refusal is 403 {@code model_unpriced}, before anything is reserved; callers without a budget, and
 * simulator targets, are not concerned. With {@code allow} nobody is refused.
 *
 * <p>Which targets of a route are unpriced is fixed by the config (the price table and the alias's {@code price:}):
 * it is worked out once per route, on the route's first budgeted call, and kept.
 */
public final class UnpricedModels {

  private final Pricing pricing;
  private final boolean refuse;
  /** Each route's unpriced targets, by its name; a route built anew under a known name is worked out anew. */
  private final Map<String, Known> routes = new ConcurrentHashMap<>();

  private record Known(ModelRoute route, List<Target> unpriced) {}

  private UnpricedModels(Pricing pricing, boolean refuse) {
    this.pricing = pricing;
    this.refuse = refuse;
  }

  /** {@code limits.unpriced: refuse} (the default): a budgeted caller is refused a model {@code pricing} leaves out. */
  public static UnpricedModels refusing(Pricing pricing) {
    return new UnpricedModels(pricing, true);
  }

  /**
   * The rule as configured.
   *
   * @param refuse {@code limits.unpriced: refuse}; false for {@code allow}, which lets budgeted callers call such a
   *               model uncounted
   */
  public static UnpricedModels of(Pricing pricing, boolean refuse) {
    return new UnpricedModels(pricing, refuse);
  }

  /**
   * Throws 403 {@code model_unpriced} when the rule refuses {@code caller} the model of {@code route}: the caller has
   * a budget and a target of the route has no price. A null route (a built-in model, which costs nothing) is refused
   * no one.
   */
  public void check(Caller caller, ModelRoute route) {
    if (!refuse || route == null) return;
    if (!caller.keyLimits().hasBudget() && !caller.tenantLimits().hasBudget()) return;
    List<Target> unpriced = unpricedTargets(route);
    if (!unpriced.isEmpty()) throw refusal(caller, route, unpriced);
  }

  private List<Target> unpricedTargets(ModelRoute route) {
    Known known = routes.get(route.name());
    if (known == null || known.route() != route) {
      known = new Known(route, List.copyOf(pricing.unpriced(route)));
      routes.put(route.name(), known);
    }
    return known.unpriced();
  }

  private static GatewayException refusal(Caller caller, ModelRoute route, List<Target> unpriced) {
    List<String> budgeted = new ArrayList<>(2);
    if (caller.keyId() != null && caller.keyLimits().hasBudget()) budgeted.add(Scope.KEY.describe(caller.keyId()));
    if (caller.tenantLimits().hasBudget()) budgeted.add(Scope.TENANT.describe(caller.tenant()));
    String targets = (unpriced.size() == 1 ? "its target " : "its targets ")
        + String.join(", ", unpriced.stream().map(Target::id).toList()) + (unpriced.size() == 1 ? " has" : " have");
    return new GatewayException(ErrorCode.MODEL_UNPRICED, "The model '" + route.name() + "' cannot be used under the"
        + " budget of " + String.join(" and ", budgeted) + ": " + targets + " no price (not in the built-in price"
        + " table, and no models." + route.name() + ".price in the config), so what a call costs could not be"
        + " counted against the budget. An operator can set models." + route.name() + ".price, or"
        + " limits.unpriced: allow to let budgeted callers use it uncounted.", "model", null);
  }
}
