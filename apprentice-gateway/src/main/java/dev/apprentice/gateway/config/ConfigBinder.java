package dev.apprentice.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.gateway.cost.PriceTable;
import java.util.Map;

/** Walks the interpolated tree into an {@link ApprenticeConfig}, collecting every problem on the way. */
final class ConfigBinder {

  /**
   * A host name, an IPv4 address or an IPv6 address (two colons at least; bare or in brackets); no scheme, port, path
   * or spaces.
   */
  private static final java.util.regex.Pattern HOST =
      java.util.regex.Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[?[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*\\]?");

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
    PriceCoverage.warn(models, providers, limits, PriceTable.builtIn(), problems);
    return new ApprenticeConfig(server, dataDir, store, providers, models, traces, limits, telemetry, embeddings,
        retryBudget, problems.warnings());
  }

  private static ServerSettings readServer(Section s) {
    ServerSettings d = ServerSettings.defaults();
    String host = s.string("host", d.host());
    checkHost(host, s.pathOf("host"), s.problems());
    String metricsKey = s.string("metrics_key", d.metricsKey());
    if (metricsKey != null && metricsKey.isBlank()) {
      // most likely an unset variable: an empty key would leave /metrics open while the config asks for it closed
      s.problems().add(s.pathOf("metrics_key"), "must not be empty (leave it out to keep /metrics open)");
    }
    ServerSettings server = new ServerSettings(host, s.integer("port", d.port(), 0, 65535),
        s.whole("max_body_bytes", d.maxBodyBytes(), 1, Long.MAX_VALUE),
        s.integer("max_concurrent_calls", d.maxConcurrentCalls(), 0, 1_000_000), metricsKey,
        s.millis("read_timeout_ms", d.readTimeout().toMillis(), 1),
        s.millis("idle_timeout_ms", d.idleTimeout().toMillis(), 1),
        s.integer("max_connections", d.maxConnections(), 1, 1_000_000),
        s.integer("max_inflight_body_mb", 0, 1, 1_000_000) * 1_048_576L); // absent (0): a share of the heap
    s.finish();
    return server;
  }

  /** Reports a {@code server.host} (from the file or from {@code --host}) that no server could listen on. */
  static void checkHost(String host, String path, Problems problems) {
    if (host.isBlank()) {
      problems.add(path, "must not be empty");
    } else if (!HOST.matcher(host).matches()) {
      problems.add(path, "expected a host name or an IP address (no scheme, no port: the port is server.port), got '"
          + host + "'");
    }
  }

  private static RetryBudgetSettings readRetryBudget(Section s) {
    RetryBudgetSettings d = RetryBudgetSettings.defaults();
    RetryBudgetSettings budget = new RetryBudgetSettings(s.bool("enabled", d.enabled()),
        s.number("ratio", d.ratio(), 0, false, 100), s.number("min_per_second", d.minPerSecond(), 0, false, 1_000_000));
    s.finish();
    return budget;
  }

  private static boolean namesAFile(String path) {
    String file = path.startsWith("file:") ? path.substring("file:".length()) : path;
    int query = file.indexOf('?');
    String params = query < 0 ? "" : file.substring(query + 1);
    file = query < 0 ? file : file.substring(0, query);
    return !file.isBlank() && !file.equals(":memory:") && !params.contains("mode=memory");
  }

  private static StoreSettings readStore(Section s, String dataDir) {
    String url = s.string("url", null);
    s.finish();
    if (url == null) {
      return StoreSettings.inDataDir(dataDir);
    }
    if (!url.startsWith("jdbc:")) {
      s.problems().add(s.pathOf("url"), "expected a JDBC URL (jdbc:sqlite:PATH), got '" + SecretMask.url(url)
          + "'");
    } else if (url.startsWith("jdbc:postgresql:")) {
      // refused here, by config check too, rather than when serve opens the store
      s.problems().add(s.pathOf("url"), "PostgreSQL is not supported by this version yet (the SQL is kept portable"
          + " for it); use jdbc:sqlite:PATH");
    } else if (!url.startsWith("jdbc:sqlite:")) {
      s.problems().add(s.pathOf("url"), "unsupported database '" + SecretMask.url(url)
          + "'; use jdbc:sqlite:PATH");
    } else if (!namesAFile(url.substring("jdbc:sqlite:".length()))) {
      // the store refuses these when it opens (serve would stop); config check says so first
      s.problems().add(s.pathOf("url"), "'" + SecretMask.url(url) + "' names no file: the store needs a database file, "
          + "e.g. jdbc:sqlite:/var/lib/apprentice/apprentice.db");
    }
    return new StoreSettings(url);
  }
}
