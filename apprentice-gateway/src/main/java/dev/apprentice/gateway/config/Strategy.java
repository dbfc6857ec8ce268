package dev.apprentice.gateway.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** How a model alias picks among its targets ({@code strategy:}). */
public enum Strategy {
  /** Targets in order; the next one only when the previous failed. */
  FALLBACK("fallback"),
  /** Random by target weight. */
  WEIGHTED("weighted"),
  /** The target with the lowest recent latency first. */
  LEAST_LATENCY("least-latency");

  private final String configName;

  Strategy(String configName) {
    this.configName = configName;
  }

  /** The word used in {@code apprentice.yaml}. */
  public String configName() {
    return configName;
  }

  public static Optional<Strategy> fromConfig(String name) {
    return Arrays.stream(values()).filter(s -> s.configName.equals(name)).findFirst();
  }

  static List<String> configNames() {
    return Arrays.stream(values()).map(Strategy::configName).toList();
  }
}
