package dev.apprentice.eval.report;

import dev.apprentice.eval.metric.Measurement;
import dev.apprentice.eval.suite.MetricSpec;
import dev.apprentice.eval.suite.VariantSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metrics a variant of a run scored no item on, each with why: a gate must not pass a run on a metric that
 * measured nothing (the report shows "–"), such as a reference metric over a dataset whose reference column was not
 * mapped, a judge whose every call failed, or any metric of a variant none of whose calls succeeded. Said per variant
 * and metric with the most frequent reason its items give; once per variant when none of its calls succeeded.
 *
 * @param lines the gate's failure lines
 * @param keys  the variants' metrics that scored nothing ({@link #key}), whose other checks are left out
 */
record ScoredNothing(List<String> lines, Set<String> keys) {

  /** The key of a variant's metric in {@link #keys}. */
  static String key(String variant, String metric) {
    return variant + " / " + metric;
  }

  static ScoredNothing of(EvaluatedRun run) {
    Map<String, VariantItems> byVariant = VariantItems.byVariant(run.items());
    List<String> lines = new ArrayList<>();
    Set<String> keys = new LinkedHashSet<>();
    for (VariantSpec v : run.suite().variants()) {
      VariantItems items = byVariant.getOrDefault(v.name(), new VariantItems(List.of()));
      if (items.succeeded.isEmpty()) {
        for (MetricSpec spec : run.suite().metrics()) keys.add(key(v.name(), spec.name()));
        lines.add(v.name() + ": no item scored on any metric, " + (items.all.isEmpty()
            ? "the run has no result of the variant" : "none of its " + items.all.size() + " item calls succeeded"));
        continue;
      }
      for (MetricSpec spec : run.suite().metrics()) {
        Map<Integer, Measurement> measured = items.measurements(spec.name());
        if (measured.values().stream().anyMatch(Measurement::scored)) continue;
        String key = key(v.name(), spec.name());
        keys.add(key);
        lines.add(key + ": no item scored, " + why(measured) + ": a metric that measured nothing cannot pass");
      }
    }
    return new ScoredNothing(List.copyOf(lines), Set.copyOf(keys));
  }

  private static String why(Map<Integer, Measurement> measured) {
    Map<String, Integer> notes = new LinkedHashMap<>();
    for (Measurement m : measured.values()) notes.merge(m.note() == null ? "no reason given" : m.note(), 1, Integer::sum);
    Map.Entry<String, Integer> most = notes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
    String count = most.getValue() == measured.size() ? "every one" : most.getValue() + " of them";
    return "none of its " + measured.size() + " answered items could be scored (" + count + ": " + most.getKey() + ")";
  }
}
