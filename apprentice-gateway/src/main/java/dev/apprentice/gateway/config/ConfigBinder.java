package dev.apprentice.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Walks the interpolated tree into an {@link ApprenticeConfig}, collecting every problem on the way. */
final class ConfigBinder {

  static final String DEFAULT_DATA_DIR = ".apprentice";

  private ConfigBinder() {}

  /** The config read from {@code document}; throws a {@link ConfigException} listing all problems if any. */
  static ApprenticeConfig bind(JsonNode document, Problems problems) {
    Section root = Section.root(document, problems);
    ServerSettings server = readServer(root.section("server"));
    String dataDir = root.string("data_dir", DEFAULT_DATA_DIR);
    if (dataDir.isBlank()) {
      problems.add("data_dir", "must not be empty");
    }
    StoreSettings store = readStore(root.section("store"), dataDir);
    Map<String, ProviderSettings> providers = ProviderBinder.read(root);
    BreakerSettings breaker = BreakerBinder.BLOCK.readDefault(root);
    TraceSettings traces = AccountingBinder.readTraces(root);
    CacheSettings cache = CacheBinder.BLOCK.readDefault(root);
    GuardSettings guard = GuardBinder.BLOCK.readDefault(root);
    Map<String, ModelSettings> models =
        new ModelBinder(providers.keySet(), breaker, traces.capture(), cache, guard).read(root);
    LimitSettings limits = AccountingBinder.readLimits(root);
    TelemetrySettings telemetry = AccountingBinder.readTelemetry(root);
    EmbeddingSettings embeddings = EmbeddingBinder.read(root);
    RetryBudgetSettings retryBudget = readRetryBudget(root.section("retry_budget"));
    root.finish();
    problems.throwIfAny();
    return new ApprenticeConfig(server, dataDir, store, providers, models, traces, limits, telemetry, embeddings,
        retryBudget);
  }

  private static ServerSettings readServer(Section s) {
    ServerSettings d = ServerSettings.defaults();
    String host = s.string("host", d.host());
    if (host.isBlank()) {
      s.problems().add(s.pathOf("host"), "must not be empty");
    }
    ServerSettings server = new ServerSettings(host, s.integer("port", d.port(), 0, 65535),
        s.whole("max_body_bytes", d.maxBodyBytes(), 1, Long.MAX_VALUE),
        s.integer("max_concurrent_calls", d.maxConcurrentCalls(), 0, 1_000_000));
    s.finish();
    return server;
  }

  private static RetryBudgetSettings readRetryBudget(Section s) {
    RetryBudgetSettings d = RetryBudgetSettings.defaults();
    RetryBudgetSettings budget = new RetryBudgetSettings(s.bool("enabled", d.enabled()),
        s.number("ratio", d.ratio(), 0, false, 100), s.number("min_per_second", d.minPerSecond(), 0, false, 1_000_000));
    s.finish();
    return budget;
  }

  private static StoreSettings readStore(Section s, String dataDir) {
    String url = s.string("url", null);
    s.finish();
    if (url == null) {
      return StoreSettings.inDataDir(dataDir);
    }
    if (!url.startsWith("jdbc:")) {
      s.problems().add(s.pathOf("url"), "expected a JDBC URL (jdbc:sqlite:PATH), got '" + url + "'");
    } else if (url.startsWith("jdbc:postgresql:")) {
      // refused here, by config check too, rather than when serve opens the store
      s.problems().add(s.pathOf("url"), "PostgreSQL is not supported by this version yet (the SQL is kept portable"
          + " for it); use jdbc:sqlite:PATH");
    } else if (!url.startsWith("jdbc:sqlite:")) {
      s.problems().add(s.pathOf("url"), "unsupported database '" + url + "'; use jdbc:sqlite:PATH");
    }
    return new StoreSettings(url);
  }
}
