package dev.apprentice.eval.metric;

import dev.apprentice.eval.metric.bleu.Bleu;
import dev.apprentice.eval.metric.bleu.BleuSettings;
import dev.apprentice.eval.metric.chrf.Chrf;
import dev.apprentice.eval.metric.chrf.ChrfSettings;
import dev.apprentice.eval.metric.classify.Accuracy;
import dev.apprentice.eval.metric.classify.MacroF1;
import dev.apprentice.eval.metric.match.Contains;
import dev.apprentice.eval.metric.match.JsonSchemaMatch;
import dev.apprentice.eval.metric.match.JsonValid;
import dev.apprentice.eval.metric.match.RegexMatch;
import dev.apprentice.eval.metric.retrieval.ContextPrecision;
import dev.apprentice.eval.metric.retrieval.ContextRecall;
import dev.apprentice.eval.metric.qa.ExactMatch;
import dev.apprentice.eval.metric.qa.SquadF1;
import dev.apprentice.eval.metric.rouge.Rouge;
import dev.apprentice.eval.metric.ter.Ter;
import dev.apprentice.eval.metric.ter.TerSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Metrics by name. {@link #standard()} holds the built-in ones; {@link #register} adds others (an embedding
 * similarity, an LLM judge, a custom scorer) under names of their own. Thread-safe.
 */
public final class MetricRegistry {

  private final Map<String, MetricFactory> factories = new LinkedHashMap<>();

  /** An empty registry. */
  public MetricRegistry() {}

  /**
   * The built-in metrics: {@code bleu}, {@code chrf}, {@code ter}, {@code rouge1}..{@code rouge9}, {@code rougeL},
   * {@code rougeLsum}, {@code exact_match}, {@code squad_f1}, {@code contains}, {@code regex}, {@code json_valid},
   * {@code json_schema}, {@code accuracy}, {@code macro_f1}, {@code context_precision} and {@code context_recall}.
   * Metrics that need a model ({@code semantic_similarity}, {@code llm_judge}) are added by
   * {@link EvalMetrics#registry}.
   */
  public static MetricRegistry standard() {
    MetricRegistry registry = new MetricRegistry();
    registry.register("bleu", MetricFactory.of(BleuSettings.NAMES, Bleu::from));
    registry.register("chrf", MetricFactory.of(ChrfSettings.NAMES, Chrf::from));
    registry.register("ter", MetricFactory.of(TerSettings.NAMES, Ter::from));
    for (int n = 1; n <= 9; n++) {
      String type = "rouge" + n;
      registry.register(type, MetricFactory.of(Rouge.SETTING_NAMES, s -> Rouge.from(type, s)));
    }
    registry.register("rougeL", MetricFactory.of(Rouge.SETTING_NAMES, s -> Rouge.from("rougeL", s)));
    registry.register("rougeLsum", MetricFactory.of(Rouge.SETTING_NAMES, s -> Rouge.from("rougeLsum", s)));
    registry.register("exact_match", MetricFactory.of(Set.of(), s -> new ExactMatch()));
    registry.register("squad_f1", MetricFactory.of(Set.of(), s -> new SquadF1()));
    registry.register("contains", MetricFactory.of(Contains.SETTING_NAMES, Contains::from));
    registry.register("regex", MetricFactory.of(RegexMatch.SETTING_NAMES, RegexMatch::from));
    registry.register("json_valid", MetricFactory.of(JsonValid.SETTING_NAMES, JsonValid::from));
    registry.register("json_schema", MetricFactory.of(JsonSchemaMatch.SETTING_NAMES, JsonSchemaMatch::from));
    registry.register("accuracy", MetricFactory.of(Accuracy.SETTING_NAMES, Accuracy::from));
    registry.register("macro_f1", MetricFactory.of(Accuracy.SETTING_NAMES, MacroF1::from));
    registry.register("context_precision", MetricFactory.of(Set.of(), s -> new ContextPrecision()));
    registry.register("context_recall", MetricFactory.of(Set.of(), s -> new ContextRecall()));
    return registry;
  }

  /** Adds a metric under a new name; a name can be registered once. */
  public synchronized MetricRegistry register(String name, MetricFactory factory) {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("a metric needs a name");
    if (factories.putIfAbsent(name, factory) != null) {
      throw new IllegalArgumentException("metric '" + name + "' is already registered");
    }
    return this;
  }

  /** The registered names, in registration order. */
  public synchronized List<String> names() {
    return new ArrayList<>(factories.keySet());
  }

  /** The setting names a metric accepts. */
  public synchronized Set<String> settingNames(String name) {
    return factory(name).settingNames();
  }

  /**
   * The named metric with these settings. Throws {@link IllegalArgumentException} naming the problem for an unknown
   * metric, a setting the metric does not know, or a bad setting value.
   */
  public Metric create(String name, Settings settings) {
    MetricFactory factory;
    synchronized (this) {
      factory = factory(name);
    }
    Set<String> known = factory.settingNames();
    for (String key : settings.keys()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("unknown setting '" + key + "' for " + name + " (known: "
            + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known))) + ")");
      }
    }
    return factory.create(settings);
  }

  private MetricFactory factory(String name) {
    MetricFactory factory = factories.get(name);
    if (factory == null) {
      throw new IllegalArgumentException("unknown metric '" + name + "' (known: " + String.join(", ", factories.keySet())
          + ")");
    }
    return factory;
  }
}
