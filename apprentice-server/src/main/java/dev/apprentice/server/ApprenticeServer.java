package dev.apprentice.server;

import dev.apprentice.api.ChatProvider;
import dev.apprentice.api.Embedder;
import dev.apprentice.local.collection.Collections;
import dev.apprentice.server.admin.CacheRoutes;
import dev.apprentice.server.admin.CollectionRoutes;
import dev.apprentice.server.admin.DatasetAdmin;
import dev.apprentice.server.admin.DatasetRoutes;
import dev.apprentice.server.admin.PromptAdmin;
import dev.apprentice.server.admin.PromptRoutes;
import dev.apprentice.server.prompt.PromptCalls;
import dev.apprentice.server.prompt.PromptRegistry;
import dev.apprentice.local.embedding.LocalEmbeddingProvider;
import dev.apprentice.local.embedding.LocalModels;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.cache.CacheStep;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ModelSettings;
import dev.apprentice.gateway.resilience.RetryBudget;
import dev.apprentice.gateway.routing.LatencyTracker;
import dev.apprentice.server.http.CallRefusals;
import dev.apprentice.server.http.ChatHandler;
import dev.apprentice.server.http.StoredResponses;
import dev.apprentice.server.http.ConnectionClose;
import dev.apprentice.server.http.HeadAnswers;
import dev.apprentice.server.http.ConnectionTimeouts;
import dev.apprentice.server.http.EmbeddingsHandler;
import dev.apprentice.server.http.InfoHandlers;
import dev.apprentice.server.http.MethodRules;
import dev.apprentice.server.http.RequestBodies;
import dev.apprentice.server.http.RequestEncodings;
import dev.apprentice.server.http.TagsHeader;
import dev.apprentice.server.http.TransportErrors;
import io.helidon.common.socket.SocketOptions;
import io.helidon.http.DirectHandler;
import io.helidon.webserver.WebServer;
import dev.apprentice.server.access.AdminKey;
import dev.apprentice.server.admin.AdminRoutes;
import dev.apprentice.server.access.Authenticator;
import dev.apprentice.server.access.Keys;
import dev.apprentice.server.access.MetricsAccess;
import dev.apprentice.server.access.SingleAuthorization;
import dev.apprentice.server.accounting.Accounting;
import dev.apprentice.server.guard.GuardSteps;
import dev.apprentice.server.http.CallAdmission;
import dev.apprentice.server.http.RequestsInFlight;
import dev.apprentice.server.local.LocalServices;
import dev.apprentice.store.Store;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The composition root: opens the store, builds providers and model routes from the config, assembles the gateway
 * with its accounting and limits, and serves the HTTP API on Helidon's virtual-thread web server.
 */
public final class ApprenticeServer implements AutoCloseable {

  /** How long calls in flight may go on once the server is told to stop (docs: README, the `serve` exit codes). */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
  /** How long the handlers interrupted after the grace period get to end their calls and hand in their traces. */
  private static final Duration INTERRUPTED_HANDLERS_WAIT = Duration.ofSeconds(3);

  private final ApprenticeConfig config;
  private final Gateway gateway;
  private final WebServer web;
  private final Store store;
  private final Accounting accounting;
  private final Keys keys;
  private final AdminKey adminKey;
  private final Authenticator auth;
  private final LocalServices local;
  private final Optional<String> adminKeyWarning;
  private final ConnectionTimeouts timeouts;
  private final PromptRegistry prompts;
  private final RequestsInFlight inFlight;
  private volatile ListenerWatch listenerWatch;
  /** This server's hold on its data directory ({@link DataDirServer}); null for an evaluation's, or when it failed. */
  private volatile DataDirServer.Hold dataDirHold;

  private ApprenticeServer(ApprenticeConfig config, Gateway gateway, WebServer web, Store store, Accounting accounting,
      Keys keys, AdminKey adminKey, Optional<String> adminKeyWarning, Authenticator auth, LocalServices local,
      ConnectionTimeouts timeouts, PromptRegistry prompts, RequestsInFlight inFlight) {
    this.timeouts = timeouts;
    this.inFlight = inFlight;
    this.prompts = prompts;
    this.config = config;
    this.gateway = gateway;
    this.web = web;
    this.store = store;
    this.accounting = accounting;
    this.keys = keys;
    this.adminKey = adminKey;
    this.adminKeyWarning = adminKeyWarning;
    this.auth = auth;
    this.local = local;
  }

  public static ApprenticeServer start(ApprenticeConfig config) {
    return start(config, Map.of());
  }

  /**
   * Starts with some providers supplied by the caller instead of built from config: an entry replaces the configured
   * provider of the same name (embedding Apprentice, or a fake provider in a test).
   */
  public static ApprenticeServer start(ApprenticeConfig config, Map<String, ChatProvider> supplied) {
    return start(config, supplied, System.getenv(AdminKey.ENV), Clock.systemUTC());
  }

  /** Starts with an explicit admin key (null: the stored or a generated one) and clock. */
  public static ApprenticeServer start(ApprenticeConfig config, Map<String, ChatProvider> supplied, String adminKeyEnv,
      Clock clock) {
    return start(config, supplied, adminKeyEnv, clock, null);
  }

  /**
   * Starts with the embedder of collections and the semantic cache given too (asked for on first need): a test's
   * fake, or a caller's own model; null for the built-in local model.
   */
  public static ApprenticeServer start(ApprenticeConfig config, Map<String, ChatProvider> supplied, String adminKeyEnv,
      Clock clock, Supplier<Embedder> embedder) {
    return start(config, supplied, adminKeyEnv, clock, embedder, LocalServices.Use.SERVE);
  }

  /**
   * Starts the gateway an evaluation calls in the CLI's process: without the response cache and with the collections
   * read-only ({@link LocalServices.Use#EVALUATE}), so that it runs beside a server on the same data directory.
   *
   * @param embedder as for {@link #start(ApprenticeConfig, Map, String, Clock, Supplier)}: null for the built-in model
   */
  public static ApprenticeServer startForEvaluation(ApprenticeConfig config, Supplier<Embedder> embedder) {
    return start(config, Map.of(), System.getenv(AdminKey.ENV), Clock.systemUTC(), embedder,
        LocalServices.Use.EVALUATE);
  }

  private static ApprenticeServer start(ApprenticeConfig config, Map<String, ChatProvider> supplied,
      String adminKeyEnv, Clock clock, Supplier<Embedder> embedder, LocalServices.Use use) {
    // before anything opens: a server that will not start must leave no port, store or key behind
    Optional<String> adminKeyWarning = AdminKey.checkLength(adminKeyEnv, config.server().host(),
        isLoopback(config.server().host()));
    // a serving server holds its data directory before it opens anything: one budget ledger and one set of rate
    // limits per data directory, so a second server, or one beside an evaluation run with its own gateway, is
    // refused here; an evaluation run there sends its calls through it (an evaluation's gateway holds nothing: the
    // eval command holds the directory for its run)
    DataDirServer.Hold hold = use == LocalServices.Use.SERVE
        ? DataDirServer.claim(Path.of(config.dataDir()), DataDirServer.Holder.SERVE).orElse(null)
        : null;
    ApprenticeServer server;
    try {
      server = open(config, supplied, adminKeyEnv, adminKeyWarning, clock, embedder, use);
    } catch (RuntimeException e) {
      if (hold != null) hold.close();
      throw e;
    }
    if (hold != null) {
      hold.serving(config.server().host(), server.port());
      server.dataDirHold = hold;
    }
    return server;
  }

  private static ApprenticeServer open(ApprenticeConfig config, Map<String, ChatProvider> supplied,
      String adminKeyEnv, Optional<String> adminKeyWarning, Clock clock, Supplier<Embedder> embedder,
      LocalServices.Use use) {
    PortCheck.free(config.server().host(), config.server().port());
    Store store = Store.open(config.store().url());
    StartupTasks startup = new StartupTasks();
    LocalServices local;
    try {
      store.requireWritable(); // serving on a database it cannot write would drop every trace, key and spend
      local = LocalServices.open(config, embedder, clock, startup, use);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    try {
      return start(config, supplied, adminKeyEnv, adminKeyWarning, clock, store, local, startup);
    } catch (RuntimeException e) {
      local.close();
      store.close();
      throw e;
    }
  }

  private static ApprenticeServer start(ApprenticeConfig config, Map<String, ChatProvider> supplied,
      String adminKeyEnv, Optional<String> adminKeyWarning, Clock clock, Store store, LocalServices local,
      StartupTasks startup) {
    Map<String, ChatProvider> providers = new java.util.LinkedHashMap<>(ProviderFactory.build(config.providers()));
    providers.putAll(supplied);
    // one tracker: the routing step records each attempt's latency where least-latency routers read it
    LatencyTracker latencies = new LatencyTracker(0.3);
    RouteFactory routes = new RouteFactory(providers, latencies);
    GatewayMetrics metrics = new GatewayMetrics();
    RetryBudget retryBudget = config.retryBudget().enabled()
        ? new RetryBudget(config.retryBudget().ratio(), config.retryBudget().minPerSecond(), System::nanoTime)
        : RetryBudget.UNLIMITED;
    metrics.bindRetryBudget(retryBudget::refused);
    Gateway.Builder builder = Gateway.builder().latencies(latencies).retryBudget(retryBudget);
    Accounting accounting = Accounting.install(config, store, metrics, clock, builder);
    GuardSteps.Installed guards = GuardSteps.install(config, builder, local.detectorEmbedder(), clock, startup);
    local.install(builder, guards.retrieved(), guards.privateValues(), CacheStep.Options.DEFAULTS
        .withLookupTimeouts(metrics::cacheLookupTimedOut)
        .withLookups((call, result) -> metrics.cacheLookedUp(call.wireApi(), call.model(), call.caller().tenant(),
            result)));
    for (ModelSettings model : config.models().values()) builder.model(routes.build(model));
    Gateway gateway = builder.build();

    Keys keys = new Keys(store.keys(), clock);
    AdminKey adminKey = AdminKey.resolve(keys, adminKeyEnv);
    Authenticator auth = new Authenticator(keys, adminKey, isLoopback(config.server().host()),
        config.limits()::tenant);
    RequestBodies bodies = new RequestBodies(config.server().maxBodyBytes());
    PromptRegistry prompts = new PromptRegistry(store.prompts());
    PromptCalls promptCalls = new PromptCalls(prompts);
    ChatHandler chat = new ChatHandler(gateway, bodies, metrics, auth, accounting.rejections(), promptCalls);
    ChatHandler responses = ChatHandler.responses(gateway, bodies, metrics, auth, accounting.rejections(), promptCalls);
    StoredResponses storedResponses = new StoredResponses(auth);
    Map<String, LocalEmbeddingProvider> builtIn = builtInEmbeddings(gateway, local);
    EmbeddingsHandler embeddings = new EmbeddingsHandler(gateway, builtIn, config.embeddings().callTimeout(),
        bodies, auth, accounting.embeddings(), guards.embeddings(), gateway.tries(), gateway.watchdog());
    CallAdmission admission = new CallAdmission(config.server().maxConcurrentCalls(),
        config.server().inflightBodyBytes(Runtime.getRuntime().maxMemory()));
    metrics.bindAdmission(admission::shed, admission::shedForBodies, admission::bodyBytesHeld);
    InfoHandlers info = new InfoHandlers(gateway, auth, metrics, store::problem, accounting::storeFailure,
        builtIn.keySet(), startup,
        new MetricsAccess(config.server().metricsKey(), adminKey, keys));
    // model calls refused before their handler ran (a 415, two Authorization headers, a declared body over the
    // limit) are counted and traced as the handlers' own refusals
    CallRefusals refusals = new CallRefusals(auth, metrics, accounting.rejections(), accounting.embeddings(),
        gateway::arrivedAt);
    TransportErrors transportErrors = new TransportErrors(refusals);
    ConnectionTimeouts timeouts = new ConnectionTimeouts(config.server().readTimeout(), config.server().idleTimeout());
    RequestsInFlight inFlight = new RequestsInFlight();

    WebServer web = WebServer.builder()
        .host(config.server().host())
        .port(config.server().port())
        .maxPayloadSize(config.server().maxBodyBytes())
        .contentEncoding(RequestEncodings.IDENTITY_ONLY) // an encoded body reaches the gate below (415)
        .connectionOptions(timeouts.socketOptions(SocketOptions.builder().tcpNoDelay(true).build()))
        .maxTcpConnections(ConnectionLimit.of(config.server().maxConnections()))
        .shutdownGracePeriod(SHUTDOWN_GRACE)
        .directHandlers(handlers -> {
          for (DirectHandler.EventType type : DirectHandler.EventType.values()) handlers.addHandler(type, transportErrors);
        })
        .routing(routing -> {
          routing.addFilter(inFlight); // first: every route's handler counts until it returns
          routing.addFilter(new ConnectionClose());
          routing.addFilter(new HeadAnswers()); // a HEAD answer ends with its headers, whoever answers it
          routing.addFilter(timeouts);
          RequestEncodings.gate(routing, refusals); // an encoded body is a 415 wherever it goes
          SingleAuthorization.gate(routing, refusals); // two Authorization headers are a 400: which is meant, a guess
          TagsHeader.gate(routing, refusals); // trace tags over their limits are a 400 on model calls
          AdminRoutes.gate(routing, auth); // then: nothing under /admin/ is answered without the admin key
          MethodRules r = new MethodRules(routing);
          r.post("/v1/chat/completions", admission.admit(chat))
              .post("/v1/responses", admission.admit(responses))
              .get("/v1/responses/{+id}", storedResponses::notKept)
              .delete("/v1/responses/{+id}", storedResponses::notKept)
              .post("/v1/responses/{+id}", storedResponses::notKept)
              .post("/v1/embeddings", admission.admit(embeddings))
              .get("/v1/models", info::models)
              .get("/v1/models/{+id}", info::model)
              .get("/health", info::health)
              .head("/health", info::healthHead)
              .get("/ready", info::ready)
              .head("/ready", info::readyHead)
              .get("/metrics", info::metrics);
          AdminRoutes.register(r, auth, keys, store, config, clock);
          CollectionRoutes.register(r, auth, local.collections(), config.server().maxBodyBytes());
          CacheRoutes.register(r, auth, local.cache());
          PromptRoutes.register(r, auth, new PromptAdmin(prompts, config.models().keySet(), clock));
          DatasetRoutes.register(r, auth, new DatasetAdmin(store.datasets(), store.traces(), clock),
              config.server().maxBodyBytes());
          r.refuseOtherMethods(); // a known path with a wrong method: 405 with Allow
          routing.any(info::notFound);
        })
        .build()
        .start();
    try {
      PortCheck.listening(web, config.server().host(), config.server().port());
    } catch (IllegalStateException notListening) {
      // a key generated by a start that never served was never shown: the next start generates and shows one
      if (adminKey.generated().isPresent()) keys.revokeStoredAdminKeys();
      timeouts.close();
      gateway.close();
      accounting.close();
      throw notListening;
    }
    return new ApprenticeServer(config, gateway, web, store, accounting, keys, adminKey, adminKeyWarning, auth,
        local, timeouts, prompts, inFlight);
  }

  /**
   * The in-process embedding model, loaded on first use, under its own name unless a configured alias has it: the
   * embedder every local component shares (the built-in model, or the one the server was started with).
   */
  private static Map<String, LocalEmbeddingProvider> builtInEmbeddings(Gateway gateway, LocalServices local) {
    if (gateway.model(LocalModels.EMBEDDING_MODEL) != null) return Map.of();
    return Map.of(LocalModels.EMBEDDING_MODEL, new LocalEmbeddingProvider(local.embedder()));
  }

  /** True for an address only this machine can reach (127.0.0.1, ::1, localhost). */
  public static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public int port() {
    return web.port();
  }

  public String baseUrl() {
    return "http://" + config.server().host() + ":" + port() + "/v1";
  }

  public ApprenticeConfig config() {
    return config;
  }

  public Gateway gateway() {
    return gateway;
  }

  public Store store() {
    return store;
  }

  public Keys keys() {
    return keys;
  }

  public Accounting accounting() {
    return accounting;
  }

  /** The prompt registry that {@code prompt:NAME} models are resolved in (the data directory's prompts). */
  public PromptRegistry prompts() {
    return prompts;
  }

  /** The response cache, or null when no model caches. */
  public dev.apprentice.api.cache.ResponseCache cache() {
    return local.cache();
  }

  /** The vector collections of the data directory (also behind {@code /admin/collections}). */
  public Collections collections() {
    return local.collections();
  }

  /**
   * The in-process models (the shared {@link dev.apprentice.api.Embedder} of {@code local/all-minilm-l6-v2}, loaded
   * on first use with its native files under {@code <data_dir>/native}), for components that embed text themselves.
   */
  public LocalModels localModels() {
    return local.models();
  }

  /** The admin key this start generated (first start without {@code APPRENTICE_ADMIN_KEY}), to print once. */
  public java.util.Optional<String> generatedAdminKey() {
    return adminKey.generated();
  }

  /** What the operator should hear at start: an {@code APPRENTICE_ADMIN_KEY} too short to bind beyond loopback. */
  public Optional<String> adminKeyWarning() {
    return adminKeyWarning;
  }

  /**
   * Runs {@code stopped} if the web server's listener stops while this server is open, so that the process does not
   * run on without serving: Helidon's listener stops for good when it fails to accept a connection (the process out of
   * open files), and says so only in its log. {@code apprentice serve} exits then, for a supervisor to restart it.
   * The port is probed every 5 seconds (see {@link ListenerWatch}).
   */
  public void onListenerStopped(Runnable stopped) {
    onListenerStopped(stopped, Duration.ofSeconds(5));
  }

  void onListenerStopped(Runnable stopped, Duration every) {
    ListenerWatch previous = listenerWatch;
    if (previous != null) previous.close();
    listenerWatch = ListenerWatch.start(config.server().host(), port(), every, stopped);
  }

  /** True while calls without a key are accepted (loopback, and no client key was ever created). */
  public boolean anonymousAllowed() {
    return auth.anonymousAllowed();
  }

  /**
   * Stops taking requests, lets calls in flight finish (up to the grace period), writes every trace accepted so far,
   * keeps the answers waiting for the cache, frees the local models, closes the store, then lets go of the data
   * directory. Each part is closed even when one before it fails (a cache whose last commit fails must not cost the
   * traces): the first failure is thrown once all are closed, with the others suppressed.
   */
  @Override
  public void close() {
    ListenerWatch watch = listenerWatch;
    if (watch != null) watch.close(); // first: the port is about to refuse connections, on purpose
    gateway.stopping(); // first: what the web server cuts short from now on is traced as the shutdown's
    RuntimeException failed = closing(null, web::stop);
    failed = closing(failed, this::awaitInterruptedHandlers);
    failed = closing(failed, timeouts::close);
    failed = closing(failed, gateway::close);
    failed = closing(failed, accounting::close); // no trace comes after the calls end; the local parts write none
    failed = closing(failed, local::close);
    failed = closing(failed, store::close);
    DataDirServer.Hold held = dataDirHold;
    // last, with every trace written and the cache and indexes let go: a server or an evaluation run with its own
    // gateway that starts on the data directory from now on counts all this one spent, and finds nothing in use
    if (held != null) failed = closing(failed, held::close);
    if (failed != null) throw failed;
  }

  /**
   * After the grace period Helidon interrupts the handlers still running and returns: each ends its call (traced as
   * cut short) a moment later, and the trace writer must still be open then.
   */
  private void awaitInterruptedHandlers() {
    try {
      if (!inFlight.awaitNone(INTERRUPTED_HANDLERS_WAIT)) {
        System.getLogger(ApprenticeServer.class.getName()).log(System.Logger.Level.WARNING, "requests still running "
            + INTERRUPTED_HANDLERS_WAIT.toSeconds() + " s after the shutdown's grace period; their traces may be lost");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs one part's close; returns the first failure so far, with this part's added as suppressed. */
  private static RuntimeException closing(RuntimeException failed, Runnable close) {
    try {
      close.run();
    } catch (RuntimeException e) {
      if (failed == null) return e;
      failed.addSuppressed(e);
    }
    return failed;
  }
}
