package dev.apprentice.gateway.limits;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code limits.unpriced: refuse} (the default): a caller under a budget may not call a model with a target that
 * nothing prices. Such a target's calls are booked at $0, so a budget would never stop them, and a budget that cannot
 * bind is worse than none: it reads as a guarantee. The refusal is 403 {@code model_unpriced}, before anything is
 * reserved; callers without a budget, and simulator targets, are not concerned.
 */
public final class UnpricedModels {

  private UnpricedModels() {}

  /** Throws 403 {@code model_unpriced} when the caller has a budget and a target of {@code route} has no price. */
  public static void check(Pricing pricing, Caller caller, ModelRoute route) {
    if (!caller.keyLimits().hasBudget() && !caller.tenantLimits().hasBudget()) return;
    List<Target> unpriced = pricing.unpriced(route);
    if (!unpriced.isEmpty()) throw refusal(caller, route, unpriced);
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
