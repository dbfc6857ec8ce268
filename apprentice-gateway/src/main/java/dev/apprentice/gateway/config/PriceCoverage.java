package dev.apprentice.gateway.config;

import dev.apprentice.gateway.cost.PriceTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Warns of what the config leaves unpriced. A target that neither its alias's {@code price:} nor the built-in table
 * prices is booked at $0 a call, so no budget can bind on it; a {@code price:} that leaves out the input or output
 * price of a model the table does not know books those tokens at $0. Simulator targets cost nothing and are left out.
 */
final class PriceCoverage {

  private PriceCoverage() {}

  static void warn(Map<String, ModelSettings> models, Map<String, ProviderSettings> providers, LimitSettings limits,
      PriceTable table, Problems problems) {
    for (ModelSettings model : models.values()) {
      String path = Problems.child("models", model.name());
      List<TargetSettings> unlisted = new ArrayList<>();
      for (int i = 0; i < model.targets().size(); i++) {
        TargetSettings target = model.targets().get(i);
        ProviderSettings provider = providers.get(target.provider());
        if (provider == null || provider.isSimulator() || table.find(target.model()) != null) continue;
        unlisted.add(target);
        if (model.price() == null) {
          problems.warn(Problems.element(Problems.child(path, "targets"), i), unpriced(model, target, limits, table));
        }
      }
      if (model.price() != null && !unlisted.isEmpty()) partlyPriced(model, unlisted.getFirst(), path, problems);
    }
  }

  private static String unpriced(ModelSettings model, TargetSettings target, LimitSettings limits, PriceTable table) {
    String consequence = limits.refuseUnpriced()
        ? "keys and tenants with a budget are refused this model (403 model_unpriced; limits.unpriced: allow lets them"
            + " call it uncounted)"
        : "keys and tenants with a budget may call it uncounted (limits.unpriced: allow)";
    return "'" + target.provider() + "/" + target.model() + "' has no price: the built-in price table (as of "
        + table.asOf() + ") does not list it and models." + model.name() + " sets no price, so its calls cost $0"
        + " in traces and costs and no budget can bind on it; " + consequence + ". Set models." + model.name()
        + ".price (input_per_mtok and output_per_mtok; 0 for a free model)";
  }

  private static void partlyPriced(ModelSettings model, TargetSettings target, String path, Problems problems) {
    List<String> missing = new ArrayList<>(2);
    if (model.price().inputPerMtok() == null) missing.add("input_per_mtok");
    if (model.price().outputPerMtok() == null) missing.add("output_per_mtok");
    if (missing.isEmpty()) return;
    problems.warn(Problems.child(path, "price"), "sets no " + String.join(" and no ", missing) + ", and the built-in"
        + " price table does not list '" + target.model() + "': those tokens cost $0 and budgets do not count them");
  }
}
