package dev.apprentice.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Writes a resolved config back as YAML with every default spelled out and secrets masked. */
final class ConfigRenderer {

  private static final YAMLMapper WRITER = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ConfigRenderer() {}

  static String render(ApprenticeConfig config) {
    ObjectNode root = NODES.objectNode();
    ObjectNode server = root.putObject("server")
        .put("host", config.server().host())
        .put("port", config.server().port())
        .put("max_body_bytes", config.server().maxBodyBytes())
        .put("max_concurrent_calls", config.server().maxConcurrentCalls())
        .put("read_timeout_ms", config.server().readTimeout().toMillis())
        .put("idle_timeout_ms", config.server().idleTimeout().toMillis())
        .put("max_connections", config.server().maxConnections());
    if (config.server().maxInflightBodyBytes() != ServerSettings.HEAP_SHARE) {
      server.put("max_inflight_body_mb", config.server().maxInflightBodyBytes() / 1_048_576L);
    }
    if (config.server().metricsKey() != null) server.put("metrics_key", SecretMask.mask(config.server().metricsKey()));
    root.put("data_dir", config.dataDir());
    root.putObject("store").put("url", SecretMask.url(config.store().url()));
    ObjectNode providers = root.putObject("providers");
    config.providers().forEach((name, provider) -> providers.set(name, provider(provider)));
    ObjectNode models = root.putObject("models");
    config.models().forEach((name, model) -> models.set(name, model(model)));
    accounting(root, config);
    try {
      return "# resolved configuration (secrets masked)\n" + WRITER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write config as YAML", e);
    }
  }

  private static ObjectNode provider(ProviderSettings p) {
    ObjectNode node = NODES.objectNode().put("type", p.type());
    if (p.isSimulator()) {
      simulator(node, p.simulator());
      return node;
    }
    node.put("base_url", p.baseUrl() == null ? null : SecretMask.url(p.baseUrl()));
    if (p.apiKey() != null) {
      node.put("api_key", SecretMask.mask(p.apiKey()));
    }
    if (!p.headers().isEmpty()) {
      ObjectNode headers = node.putObject("headers");
      p.headers().forEach((name, value) ->
          headers.put(name, SecretMask.header(name, value)));
    }
    node.put("connect_timeout_ms", p.connectTimeout().toMillis());
    if (ProviderSettings.ANTHROPIC.equals(p.type())) {
      node.put("max_tokens_default", p.maxTokensDefault());
      node.put("structured_output", p.structuredOutput());
    }
    if (ProviderSettings.OPENAI.equals(p.type())) {
      node.put("output_limit_field", p.outputLimitField());
      node.put("reasoning_history", p.reasoningHistory());
      node.put("stream_usage", p.streamUsage());
      node.put("send_metadata", p.sendMetadata());
    }
    return node;
  }

  private static void simulator(ObjectNode node, SimulatorOptions s) {
    node.put("mode", s.mode());
    if (s.text() != null) {
      node.put("text", s.text());
    }
    node.put("lorem_tokens", s.loremTokens())
        .put("ttft_ms", s.ttft().toMillis())
        .put("tokens_per_second", s.tokensPerSecond());
    if (s.seed() != null) {
      node.put("seed", s.seed());
    }
    node.putObject("faults")
        .put("rate_limit", s.rateLimit())
        .put("server_error", s.serverError())
        .put("connection_reset", s.connectionReset())
        .put("timeout", s.timeout())
        .put("malformed_json", s.malformedJson())
        .put("truncated_stream", s.truncatedStream());
    node.put("retry_after_s", s.retryAfterSeconds());
  }

  private static ObjectNode model(ModelSettings m) {
    ObjectNode node = NODES.objectNode().put("strategy", m.strategy().configName());
    var targets = node.putArray("targets");
    m.targets().forEach(t -> targets.addObject()
        .put("provider", t.provider()).put("model", t.model()).put("weight", t.weight()));
    if (m.price() != null) {
      ObjectNode price = node.putObject("price");
      putIfPresent(price, "input_per_mtok", m.price().inputPerMtok());
      putIfPresent(price, "output_per_mtok", m.price().outputPerMtok());
      putIfPresent(price, "cached_input_per_mtok", m.price().cachedInputPerMtok());
      putIfPresent(price, "cache_write_per_mtok", m.price().cacheWritePerMtok());
      putIfPresent(price, "reasoning_per_mtok", m.price().reasoningPerMtok());
    }
    node.put("retries", m.retries())
        .put("timeout_ms", m.timeout().toMillis())
        .put("ttft_timeout_ms", m.ttftTimeout().toMillis())
        .put("retry_backoff_ms", m.retryBackoff().toMillis());
    if (m.attemptTimeout() != null) node.put("attempt_timeout_ms", m.attemptTimeout().toMillis());
    node.putObject("circuit_breaker")
        .put("failure_rate_percent", m.circuitBreaker().failureRatePercent())
        .put("minimum_calls", m.circuitBreaker().minimumCalls())
        .put("open_ms", m.circuitBreaker().openFor().toMillis());
    node.putObject("traces").put("capture", m.capture().configName());
    CacheSettings c = m.cache();
    node.putObject("cache").put("mode", c.mode().name().toLowerCase(java.util.Locale.ROOT))
        .put("threshold", c.threshold()).put("ttl", c.ttl().toSeconds() + "s").put("max_entries", c.maxEntries())
        .put("deterministic_only", c.deterministicOnly())
        .put("private_values", c.privateValues().name().toLowerCase(java.util.Locale.ROOT));
    guard(node.putObject("guard"), m.guard());
    if (m.rag() != null) {
      node.putObject("rag").put("collection", m.rag().collection()).put("k", m.rag().k())
          .put("min_score", m.rag().minScore()).put("max_context_tokens", m.rag().maxContextTokens())
          .put("template", m.rag().template());
    }
    return node;
  }

  private static void guard(ObjectNode node, GuardSettings g) {
    ObjectNode input = node.putObject("input");
    g.input().forEach((scanner, action) -> input.put(scanner, action.configName()));
    input.put("unreadable", g.blockUnreadable() ? "block" : "allow");
    ObjectNode output = node.putObject("output");
    g.output().forEach((scanner, action) -> output.put(scanner, action.configName()));
    output.put("json_schema_retry", g.jsonSchemaRetry());
    output.put("stream_holdback_chars", g.streamHoldbackChars());
    ObjectNode pii = node.putObject("pii");
    g.piiEntities().forEach(pii.putArray("entities")::add);
    g.phoneRegions().forEach(pii.putArray("phone_regions")::add);
    pii.put("threshold", g.piiThreshold());
    node.putObject("secrets").put("threshold", g.secretsThreshold());
    node.putObject("injection").put("threshold", g.injectionThreshold()).put("detector", g.injectionDetector())
        .put("max_chars", g.injectionMaxChars()).put("max_chars_per_call", g.injectionMaxCharsPerCall());
  }

  private static void accounting(ObjectNode root, ApprenticeConfig config) {
    TraceSettings t = config.traces();
    root.putObject("traces").put("enabled", t.enabled()).put("capture", t.capture().configName())
        .put("queue_capacity", t.queueCapacity()).put("queue_max_mb", t.queueMaxMb())
        .put("full_queue_wait_ms", t.fullQueueWaitMs()).put("retention_days", t.retentionDays());
    ObjectNode tenants = root.putObject("tenants");
    config.limits().tenants().forEach((name, l) -> {
      ObjectNode tenant = tenants.putObject(name);
      if (l.rpm() != null) tenant.put("rpm", l.rpm());
      if (l.tpm() != null) tenant.put("tpm", l.tpm());
      putIfPresent(tenant, "budget_usd_per_day", l.budgetUsdPerDay());
      putIfPresent(tenant, "budget_usd_per_month", l.budgetUsdPerMonth());
      if (l.maxConcurrent() != null) tenant.put("max_concurrent", l.maxConcurrent());
    });
    root.putObject("limits").put("reserve_output_tokens", config.limits().reserveOutputTokens())
        .put("unpriced", config.limits().unpriced());
    TelemetrySettings tel = config.telemetry();
    ObjectNode otlp = root.putObject("telemetry").putObject("otlp");
    if (tel.otlpEnabled()) {
      otlp.put("endpoint", SecretMask.url(tel.otlpEndpoint()));
      ObjectNode headers = otlp.putObject("headers");
      tel.otlpHeaders().forEach((name, value) ->
          headers.put(name, SecretMask.header(name, value)));
      otlp.put("service_name", tel.serviceName()).put("timeout_ms", tel.otlpTimeout().toMillis());
    }
    root.putObject("logging").put("format", tel.jsonLogs() ? "json" : "text").put("access_log", tel.accessLog());
    renderEmbeddings(root, config.embeddings());
    RetryBudgetSettings budget = config.retryBudget();
    root.putObject("retry_budget").put("enabled", budget.enabled()).put("ratio", budget.ratio())
        .put("min_per_second", budget.minPerSecond());
  }

  /** Only what the file set; otherwise the bundled files and the embedder's defaults (they depend on the cores). */
  private static void renderEmbeddings(ObjectNode root, EmbeddingSettings e) {
    ObjectNode node = root.putObject("embeddings");
    if (e.modelDir() != null) node.put("model_dir", e.modelDir());
    if (e.threads() != null) node.put("threads", e.threads());
    if (e.workers() != null) node.put("workers", e.workers());
    if (e.maxBatch() != null) node.put("max_batch", e.maxBatch());
    if (e.spinning() != null) node.put("spinning", e.spinning());
    if (e.timeout() != null) node.put("timeout_ms", e.timeout().toMillis());
  }

  private static void putIfPresent(ObjectNode node, String key, Double value) {
    if (value != null) {
      node.put(key, value);
    }
  }
}
