package dev.apprentice.eval.run;

import dev.apprentice.eval.metric.Metric;
import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.metric.Settings;
import dev.apprentice.eval.suite.MetricSpec;
import dev.apprentice.eval.suite.Suite;
import java.util.LinkedHashMap;
import java.util.Map;

/** The suite's metrics made from a registry, by their suite names; a bad metric or setting fails at once. */
public final class RunMetrics {

  private RunMetrics() {}

  public static Map<String, Metric> of(Suite suite, MetricRegistry registry) {
    Map<String, Metric> metrics = new LinkedHashMap<>();
    for (MetricSpec spec : suite.metrics()) {
      try {
        metrics.put(spec.name(), registry.create(spec.metric(), Settings.of(spec.settings())));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("metric " + spec.name() + ": " + e.getMessage(), e);
      }
    }
    return metrics;
  }
}
