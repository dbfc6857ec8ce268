package dev.apprentice.eval.report;

import dev.apprentice.eval.metric.Measurement;
import dev.apprentice.eval.run.ItemResult;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One variant's stored results: the successful ones in item order, and their measurements of each metric; how many
 * the gateway refused for the key's or tenant's limits ({@link ItemResult#refusedByLimits}), and how many failed
 * otherwise.
 */
final class VariantItems {

  final List<ItemResult> all;
  final List<ItemResult> succeeded;
  /** Items not run: the gateway refused their call for a budget or a rate limit. */
  final int refusedByLimits;

  VariantItems(List<ItemResult> results) {
    this.all = results.stream().sorted(Comparator.comparingInt(ItemResult::itemIndex)).toList();
    this.succeeded = all.stream().filter(ItemResult::succeeded).toList();
    this.refusedByLimits = (int) all.stream().filter(ItemResult::refusedByLimits).count();
  }

  /** Items that were run and failed: their call (but for a refusal by limits) or their scoring. */
  int failed() {
    return all.size() - succeeded.size() - refusedByLimits;
  }

  static Map<String, VariantItems> byVariant(List<ItemResult> results) {
    Map<String, List<ItemResult>> grouped = new LinkedHashMap<>();
    for (ItemResult r : results) grouped.computeIfAbsent(r.variant(), k -> new java.util.ArrayList<>()).add(r);
    Map<String, VariantItems> out = new LinkedHashMap<>();
    grouped.forEach((k, v) -> out.put(k, new VariantItems(v)));
    return out;
  }

  /** The metric's measurement of every successful item, by item index (unscored when the item lacks it). */
  Map<Integer, Measurement> measurements(String metric) {
    Map<Integer, Measurement> out = new LinkedHashMap<>();
    for (ItemResult r : succeeded) {
      Measurement m = r.metrics().get(metric);
      out.put(r.itemIndex(), m == null ? Measurement.unscored("not measured") : m);
    }
    return out;
  }

  List<Measurement> list(String metric) {
    return List.copyOf(measurements(metric).values());
  }
}
