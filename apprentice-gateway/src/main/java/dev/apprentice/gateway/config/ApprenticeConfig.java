package dev.apprentice.gateway.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The resolved {@code apprentice.yaml}: server, data directory, store, providers and model aliases (maps in file
 * order), the accounting blocks (traces, tenant limits, telemetry), how the local embedding model runs and the
 * retry budget, and the
 * warnings found reading it (valid values that are probably not what was meant, e.g. an API key from an unset
 * variable). Build it with {@link ConfigLoader}.
 */
public record ApprenticeConfig(ServerSettings server, String dataDir, StoreSettings store,
    Map<String, ProviderSettings> providers, Map<String, ModelSettings> models, TraceSettings traces,
    LimitSettings limits, TelemetrySettings telemetry, EmbeddingSettings embeddings, RetryBudgetSettings retryBudget,
    List<String> warnings) {

  public ApprenticeConfig {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(traces, "traces");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(telemetry, "telemetry");
    Objects.requireNonNull(embeddings, "embeddings");
    Objects.requireNonNull(retryBudget, "retryBudget");
    providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
    models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
    warnings = List.copyOf(warnings);
  }

  /** This config with the command line's {@code --host} / {@code --port}; null keeps the configured value. */
  public ApprenticeConfig withServer(String host, Integer port) {
    Problems problems = new Problems();
    if (host != null) {
      ConfigBinder.checkHost(host, "server.host", problems);
    }
    if (port != null && (port < 0 || port > 65535)) {
      problems.add("server.port", "expected an integer between 0 and 65535, got '" + port + "'");
    }
    problems.throwIfAny();
    ServerSettings updated = server.at(host == null ? server.host() : host, port == null ? server.port() : port);
    return new ApprenticeConfig(updated, dataDir, store, providers, models, traces, limits, telemetry, embeddings,
        retryBudget, warnings);
  }

  /**
   * This config with the command line's {@code --data-dir}. The store moves along when it was the default one
   * inside the old data directory; an explicitly configured store URL stays.
   */
  public ApprenticeConfig withDataDir(String newDataDir) {
    if (newDataDir == null || newDataDir.isBlank()) {
      throw new ConfigException("data_dir: must not be empty");
    }
    boolean storeFollows = store.equals(StoreSettings.inDataDir(dataDir));
    StoreSettings newStore = storeFollows ? StoreSettings.inDataDir(newDataDir) : store;
    return new ApprenticeConfig(server, newDataDir, newStore, providers, models, traces, limits, telemetry, embeddings,
        retryBudget, warnings);
  }
}
