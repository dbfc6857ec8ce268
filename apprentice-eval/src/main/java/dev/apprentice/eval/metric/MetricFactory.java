package dev.apprentice.eval.metric;

import java.util.Set;
import java.util.function.Function;

/** Makes a metric from its settings, and names the settings it understands. */
public interface MetricFactory {

  /** Every setting name the metric reads; any other name is refused before {@link #create} is called. */
  Set<String> settingNames();

  /** The metric with these settings (only names from {@link #settingNames}); throws for a bad value. */
  Metric create(Settings settings);

  static MetricFactory of(Set<String> settingNames, Function<Settings, Metric> create) {
    Set<String> names = Set.copyOf(settingNames);
    return new MetricFactory() {
      @Override
      public Set<String> settingNames() {
        return names;
      }

      @Override
      public Metric create(Settings settings) {
        return create.apply(settings);
      }
    };
  }
}
