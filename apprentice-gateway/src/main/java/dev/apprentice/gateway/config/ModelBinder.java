package dev.apprentice.gateway.config;

import dev.apprentice.api.trace.MetricLabels;
import dev.apprentice.gateway.accounting.Capture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code models:}: strategy, targets (which must name configured providers), price, retries, deadlines (the
 * call's, a stream's first token's, and optionally each try's), and the per-model blocks (circuit breaker, traces,
 * cache, rag, guard).
 */
final class ModelBinder {

  static final int DEFAULT_RETRIES = 2;
  static final long DEFAULT_TIMEOUT_MS = 60_000;
  static final long DEFAULT_TTFT_TIMEOUT_MS = 10_000;
  static final long DEFAULT_RETRY_BACKOFF_MS = 200;

  /** The keys only a model takes (no top-level default): refused at the top level saying where they go. */
  private static final List<String> MODEL_ONLY_KEYS = List.of("strategy", "targets", "price", "retries",
      "retry_backoff_ms", "timeout_ms", "ttft_timeout_ms", "attempt_timeout_ms", "rag");

  /**
   * Names no model may take, in any case: {@code /metrics} counts requests refused before they became a call (an
   * unknown model among them) under model {@code none}, and the model's calls would merge with those.
   */
  static final List<String> RESERVED_NAMES = List.of(MetricLabels.NONE);

  private final Set<String> providerNames;
  private final BreakerSettings defaultBreaker;
  private final Capture defaultCapture;
  private final CacheSettings defaultCache;
  private final GuardSettings defaultGuard;

  ModelBinder(Set<String> providerNames, BreakerSettings defaultBreaker, Capture defaultCapture,
      CacheSettings defaultCache, GuardSettings defaultGuard) {
    this.providerNames = providerNames;
    this.defaultBreaker = defaultBreaker;
    this.defaultCapture = defaultCapture;
    this.defaultCache = defaultCache;
    this.defaultGuard = defaultGuard;
  }

  Map<String, ModelSettings> read(Section root) {
    root.reject(MODEL_ONLY_KEYS, "set per model, under models.NAME (circuit_breaker, cache, guard and traces are the"
        + " blocks with a top-level default for every model)");
    Map<String, Section> sections = root.entries("models");
    if (sections.isEmpty()) {
      root.problems().add(root.pathOf("models"), "at least one model is required");
    }
    Map<String, ModelSettings> models = new LinkedHashMap<>();
    sections.forEach((name, section) -> {
      if (MetricLabels.isOneOf(name, RESERVED_NAMES)) section.problems().add(section.path(), whyReserved(name));
      models.put(name, readOne(name, section));
      section.finish();
    });
    checkSharedBreakers(models, sections);
    return models;
  }

  private static String whyReserved(String name) {
    return "'" + name + "' is reserved: /metrics counts requests refused before they became a call (an unknown model"
        + " among them) under model '" + MetricLabels.NONE + "' (any case); choose another model name";
  }

  /**
   * A target ({@code provider/model}) has one circuit breaker whatever alias routes there (its health is the
   * upstream's), so two aliases that share a target must not ask for different breakers: the first call would
   * silently decide which one applies.
   */
  private static void checkSharedBreakers(Map<String, ModelSettings> models, Map<String, Section> sections) {
    Map<String, ModelSettings> firstUser = new java.util.HashMap<>();
    for (ModelSettings model : models.values()) {
      for (TargetSettings target : model.targets()) {
        String id = target.provider() + "/" + target.model();
        ModelSettings first = firstUser.putIfAbsent(id, model);
        if (first != null && !first.circuitBreaker().equals(model.circuitBreaker())) {
          Section s = sections.get(model.name());
          s.problems().add(s.pathOf("circuit_breaker"), "target '" + id + "' is also a target of model '"
              + first.name() + "', whose circuit_breaker differs; a target has one breaker, shared by every model"
              + " that routes to it: give both the same values (or set them only at the top level)");
          break;
        }
      }
    }
  }

  private ModelSettings readOne(String name, Section m) {
    String strategyName = m.choice("strategy", Strategy.FALLBACK.configName(), Strategy.configNames(), "strategy");
    Strategy strategy = Strategy.fromConfig(strategyName).orElse(Strategy.FALLBACK);
    List<TargetSettings> targets = new ArrayList<>();
    for (Section target : m.list("targets")) {
      targets.add(readTarget(target));
      target.finish();
    }
    if (targets.isEmpty()) {
      m.problems().add(m.pathOf("targets"), "at least one target is required");
    }
    PriceSettings price = m.has("price") ? readPrice(m.section("price")) : null;
    return new ModelSettings(name, strategy, targets, price,
        m.integer("retries", DEFAULT_RETRIES, 0, 10),
        m.millis("timeout_ms", DEFAULT_TIMEOUT_MS, 1),
        m.millis("ttft_timeout_ms", DEFAULT_TTFT_TIMEOUT_MS, 1),
        m.millis("retry_backoff_ms", DEFAULT_RETRY_BACKOFF_MS, 1),
        BreakerBinder.BLOCK.readUnder(m, defaultBreaker),
        AccountingBinder.readModelCapture(m, defaultCapture),
        CacheBinder.BLOCK.readUnder(m, defaultCache),
        RagBinder.read(m),
        GuardBinder.BLOCK.readUnder(m, defaultGuard),
        m.has("attempt_timeout_ms") ? m.millis("attempt_timeout_ms", DEFAULT_TIMEOUT_MS, 1) : null);
  }

  private TargetSettings readTarget(Section t) {
    String provider = t.requiredString("provider");
    if (!provider.isBlank() && !providerNames.contains(provider)) {
      String known = providerNames.isEmpty() ? "none configured" : "known: " + String.join(", ", providerNames);
      t.problems().add(t.pathOf("provider"), "unknown provider '" + provider + "' (" + known + ")"
          + Suggestions.hint(provider, providerNames));
    }
    return new TargetSettings(provider, t.requiredString("model"),
        t.number("weight", 1, 0, true, Double.MAX_VALUE));
  }

  private static PriceSettings readPrice(Section p) {
    PriceSettings price = new PriceSettings(p.optionalAmount("input_per_mtok"), p.optionalAmount("output_per_mtok"),
        p.optionalAmount("cached_input_per_mtok"), p.optionalAmount("cache_write_per_mtok"),
        p.optionalAmount("reasoning_per_mtok"));
    p.finish();
    return price;
  }
}
