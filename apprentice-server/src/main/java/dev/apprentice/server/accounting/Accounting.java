package dev.apprentice.server.accounting;

import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.api.trace.TraceSink;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.accounting.AccountingStep;
import dev.apprentice.gateway.accounting.Capture;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ModelSettings;
import dev.apprentice.gateway.config.PriceSettings;
import dev.apprentice.gateway.config.ProviderSettings;
import dev.apprentice.gateway.cost.PriceTable;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.limits.Admission;
import dev.apprentice.gateway.limits.BudgetLedger;
import dev.apprentice.gateway.limits.LimitsStep;
import dev.apprentice.gateway.limits.RateLimiter;
import dev.apprentice.gateway.limits.Spend;
import dev.apprentice.gateway.limits.UnpricedModels;
import dev.apprentice.server.GatewayMetrics;
import dev.apprentice.server.telemetry.ServerAddress;
import dev.apprentice.store.AsyncTraceWriter;
import dev.apprentice.store.Store;
import dev.apprentice.store.TraceBatches;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that accounts for calls, assembled from config: the two per-call steps (accounting first, so that
 * refusals are traced too; then limits), and the sinks every finished call's trace goes to — the store's
 * asynchronous writer, metrics, and optionally the OTLP exporter and the access log.
 */
public final class Accounting implements AutoCloseable {

  private final AsyncTraceWriter writer;
  private final AsyncTraceWriter spendOnly;
  private final List<AutoCloseable> closeables;
  private final Pricing pricing;
  private final RejectionSink rejections;
  private final EmbeddingCalls embeddings;

  private Accounting(AsyncTraceWriter writer, AsyncTraceWriter spendOnly, List<AutoCloseable> closeables,
      Pricing pricing, RejectionSink rejections, EmbeddingCalls embeddings) {
    this.writer = writer;
    this.spendOnly = spendOnly;
    this.closeables = closeables;
    this.pricing = pricing;
    this.rejections = rejections;
    this.embeddings = embeddings;
  }

  /**
   * Adds the accounting and limits steps to {@code gateway}, with budgets loaded from the store's spend; calls are
   * dated by {@code clock}, as the budgets' days and months are (RPM/TPM minutes run on the monotonic clock).
   */
  public static Accounting install(ApprenticeConfig config, Store store, GatewayMetrics metrics, Clock clock,
      Gateway.Builder gateway) {
    Map<String, PriceSettings> prices = new HashMap<>();
    for (ModelSettings model : config.models().values()) {
      if (model.price() != null) prices.put(model.name(), model.price());
    }
    Pricing pricing = new Pricing(PriceTable.builtIn(), prices);
    TokenEstimator estimator = new TokenEstimator();

    List<TraceSink> sinks = new ArrayList<>();
    List<AutoCloseable> closeables = new ArrayList<>();
    AsyncTraceWriter writer = null;
    AsyncTraceWriter spendOnly = null;
    if (config.traces().enabled()) {
      writer = writer(store.traces(), config);
      sinks.add(writer);
      metrics.bindWriter(writer);
    } else {
      // no call log, but the day's and month's spend must still outlive a restart, or budgets would start over
      spendOnly = writer(store.traces()::appendSpendOnly, config);
      sinks.add(spendOnly);
    }
    Telemetry.sinks(config.telemetry(), providerTypes(config), metrics, sinks, closeables);
    // refusals before a call are traced too, but counted by the metrics on their own (their model is no label)
    java.util.Set<String> inputProtected = inputProtected(config); // looked up per call: computed once here
    TraceSink all = new TraceSinks(sinks);
    // anyone who reaches the port can be refused a key: those refusals are traced at a bounded rate
    UnauthenticatedTraces rejections = new UnauthenticatedTraces(record -> all.acceptRefused(
        inputProtected.contains(record.model()) ? record.withoutCallerText() : record), System::nanoTime);
    metrics.bindUnauthenticatedSkipped(rejections::skipped);
    sinks.add(metrics);

    BudgetLedger ledger = new BudgetLedger(clock);
    // the previous month too: calls that started in it and are still running are held to its budgets
    LocalDate previousMonth = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).withDayOfMonth(1).minusMonths(1);
    ledger.load(store.traces().spendSince(previousMonth.atStartOfDay(ZoneOffset.UTC).toInstant()).stream()
        .map(row -> new Spend(row.day(), row.tenant(), row.keyId(), row.costUsd())).toList());

    gateway.clock(clock);
    gateway.interceptor(new AccountingStep(pricing, estimator, model -> captureOf(config, model), new TraceSinks(sinks),
        inputProtected::contains));
    Admission admission = new Admission(new RateLimiter(), ledger); // one for chat and embeddings
    // one limits.unpriced rule for chat and embeddings: each route's unpriced targets worked out once, and kept
    UnpricedModels unpriced = UnpricedModels.of(pricing, config.limits().refuseUnpriced());
    gateway.interceptor(new LimitsStep(admission, pricing, estimator, config.limits().reserveOutputTokens(),
        unpriced));
    RejectionSink embeddingRejections = record -> {
      metrics.rejected(TraceDetails.EMBEDDINGS, record.status(), record.errorCode());
      return rejections.keep(record);
    };
    EmbeddingCalls embeddings = new EmbeddingCalls(admission, pricing, estimator, new TraceSinks(sinks),
        embeddingRejections, () -> metrics.rejected(TraceDetails.EMBEDDINGS, 499, "client_disconnected"), model -> captureOf(config, model),
        clock, unpriced, inputProtected::contains);
    if (writer != null) closeables.addFirst(writer); // the writer drains last-written traces first on shutdown
    if (spendOnly != null) closeables.addFirst(spendOnly);
    if (config.traces().expires()) {
      TracePruner pruner = TracePruner.start(store.traces(), config.traces().retentionDays(), clock, TracePruner.EVERY);
      metrics.bindRetention(pruner::deleted);
      closeables.addFirst(pruner); // stops before the writer's last flush
    }
    if (limitsNeedTokenCounts(config, store)) warmUp(estimator, config);
    return new Accounting(writer, spendOnly, closeables, pricing, rejections, embeddings);
  }

  /** Each configured provider's type and API address by its name, as OTLP spans name providers. */
  private static dev.apprentice.server.telemetry.ProviderTypes providerTypes(ApprenticeConfig config) {
    Map<String, String> types = new HashMap<>();
    Map<String, ServerAddress> servers = new HashMap<>();
    config.providers().forEach((name, settings) -> {
      types.put(name, settings.type());
      ServerAddress server = ServerAddress.of(settings.baseUrl() != null ? settings.baseUrl()
          : ProviderSettings.defaultBaseUrl(settings.type()));
      if (server != null) servers.put(name, server);
    });
    return new dev.apprentice.server.telemetry.ProviderTypes(types, servers);
  }

  /** The models whose guardrail takes private data out of requests (see {@code GuardSettings.protectsInput}). */
  private static java.util.Set<String> inputProtected(ApprenticeConfig config) {
    java.util.Set<String> models = new java.util.HashSet<>();
    for (ModelSettings settings : config.models().values()) {
      if (settings.guard() != null && settings.guard().protectsInput()) models.add(settings.name());
    }
    return java.util.Set.copyOf(models);
  }

  /**
   * What a model's traces keep. With traces off no sink keeps a body (the spend-only writer, metrics, OTLP and the
   * access log read none), so none is serialised.
   */
  private static Capture captureOf(ApprenticeConfig config, String model) {
    if (!config.traces().enabled()) return Capture.METADATA_ONLY;
    ModelSettings settings = config.models().get(model);
    return settings != null ? settings.capture() : config.traces().capture(); // built-in models have no alias
  }

  private static AsyncTraceWriter writer(TraceBatches batches, ApprenticeConfig config) {
    return new AsyncTraceWriter(batches, config.traces().queueCapacity(),
        queueBytes(config.traces().queueMaxMb(), Runtime.getRuntime().maxMemory()), 1_000,
        java.time.Duration.ofMillis(20), java.time.Duration.ofMillis(config.traces().fullQueueWaitMs()));
  }

  /**
   * The trace queue's byte budget: {@code traces.queue_max_mb}, and never more than a quarter of the heap, so that
   * queued bodies cannot push the heap into back-to-back full collections (or out of memory).
   */
  static long queueBytes(int queueMaxMb, long maxHeapBytes) {
    return Math.max(1, Math.min(queueMaxMb * 1_048_576L, maxHeapBytes / 4));
  }

  /** True when some tenant or stored key has a TPM limit or a budget, whose reservations count prompt tokens. */
  private static boolean limitsNeedTokenCounts(ApprenticeConfig config, Store store) {
    java.util.function.Predicate<dev.apprentice.api.access.Limits> sized = l -> l.tpm() != null || l.hasBudget();
    return config.limits().tenants().values().stream().anyMatch(sized)
        || store.keys().list().stream().anyMatch(k -> k.active() && sized.test(k.limits()));
  }

  /** Loads the tokenizers the limits will use in the background, so that the first limited call does not wait. */
  private static void warmUp(TokenEstimator estimator, ApprenticeConfig config) {
    List<String> models = config.models().values().stream().map(m -> m.targets().getFirst().model()).distinct().toList();
    Thread.ofVirtual().name("apprentice-tokenizer-warm-up").start(() -> models.forEach(estimator::warmUp));
  }

  public Pricing pricing() {
    return pricing;
  }

  /**
   * Where traces of requests refused before they became a call go: every sink but the metrics; those refused before a
   * key was accepted only at a bounded rate ({@link UnauthenticatedTraces}): it says whether it kept each trace.
   */
  public RejectionSink rejections() {
    return rejections;
  }

  /** Limits and traces of {@code /v1/embeddings} calls. */
  public EmbeddingCalls embeddings() {
    return embeddings;
  }

  /** The trace writer, or null when traces are off. */
  public AsyncTraceWriter writer() {
    return writer;
  }

  /**
   * Why the store refuses the traces (with traces off, the spend) while the last write failed; empty while writes
   * succeed.
   */
  public java.util.Optional<String> storeFailure() {
    AsyncTraceWriter active = writer != null ? writer : spendOnly;
    return active == null ? java.util.Optional.empty() : active.storeFailure();
  }

  /** Waits until every call accepted so far is written: its trace, or with traces off its spend. */
  public void flush() {
    if (writer != null) writer.flush();
    if (spendOnly != null) spendOnly.flush();
  }

  /** Flushes and stops the sinks: every trace accepted so far is written before this returns. */
  @Override
  public void close() {
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception e) {
        System.getLogger(Accounting.class.getName()).log(System.Logger.Level.ERROR, "closing " + closeable, e);
      }
    }
  }
}
