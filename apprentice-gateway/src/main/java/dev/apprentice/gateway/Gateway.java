package dev.apprentice.gateway;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.gateway.resilience.Backoff;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.resilience.RetryBudget;
import dev.apprentice.api.Sleeper;
import dev.apprentice.gateway.resilience.Watchdog;
import dev.apprentice.gateway.routing.LatencyTracker;
import dev.apprentice.gateway.routing.ModelRoute;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The gateway: resolves a model alias, then runs the call through the per-call interceptors and the router, whose
 * attempts run through the per-attempt interceptors to a provider. Thread-safe; one instance serves every call.
 *
 * <pre>
 *   open(request) -> Call
 *   execute(call): interceptors... -> RoutingStep -> [per target, per try] attempt steps... -> ProviderStep
 * </pre>
 */
public final class Gateway implements AutoCloseable {

  /** In the order of the config: {@code /v1/models} and an unknown model's error list them so. */
  private final Map<String, ModelRoute> models;
  private final List<Interceptor> pipeline;
  private final Breakers breakers;
  private final Watchdog watchdog;
  private final TargetTries tries;
  private final Clock clock;

  private Gateway(Builder b) {
    this.clock = b.clock;
    this.models = Collections.unmodifiableMap(new LinkedHashMap<>(b.models));
    this.breakers = b.breakers;
    this.watchdog = new Watchdog();
    List<AttemptInterceptor> attemptSteps = new ArrayList<>(b.attemptInterceptors);
    attemptSteps.add(new ProviderStep(watchdog));
    List<Interceptor> steps = new ArrayList<>(b.interceptors);
    this.tries = new TargetTries(breakers, new Backoff(b.maxBackoff, b.random), b.sleeper, b.retryBudget);
    steps.add(new RoutingStep(tries, b.latencies, List.copyOf(attemptSteps)));
    this.pipeline = List.copyOf(steps);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts a call now: resolves the model alias (404 {@code model_not_found} when unknown). */
  public Call open(ChatRequest request, String traceId, Map<String, String> headers) {
    return open(request, traceId, headers, System.nanoTime());
  }

  /**
   * Starts a call that arrived at {@code startNanos} ({@link System#nanoTime()}), so that reading and parsing the
   * request count towards the call's overhead and deadline.
   */
  public Call open(ChatRequest request, String traceId, Map<String, String> headers, long startNanos) {
    return open(request, traceId, headers, startNanos, Caller.ANONYMOUS);
  }

  /**
   * The aliases {@code caller} may call, in configuration order: only those, so that a key held to some models does
   * not learn the others' names from a refusal.
   */
  public List<String> callableModels(Caller caller) {
    return models.keySet().stream().filter(caller::allows).toList();
  }

  /** The 404 of a model name that is none of the models the caller may call, which it lists. */
  public static GatewayException unknownModel(String model, List<String> callable) {
    return new GatewayException(ErrorCode.MODEL_NOT_FOUND, "The model '" + model
        + "' does not exist or you do not have access to it. Models you may call: "
        + (callable.isEmpty() ? "none" : String.join(", ", callable)), "model", null);
  }

  /** Starts a call for an authenticated caller. */
  public Call open(ChatRequest request, String traceId, Map<String, String> headers, long startNanos, Caller caller) {
    ModelRoute route = models.get(request.model());
    if (route == null) throw unknownModel(request.model(), callableModels(caller));
    return new Call(traceId, route, startNanos, headers, caller, arrivedAt(startNanos));
  }

  /** When a request that arrived at {@code startNanos} arrived by the gateway's clock (calls refused before opening too). */
  public Instant arrivedAt(long startNanos) {
    return Call.arrivedAt(clock, startNanos);
  }

  /** Runs the call through the pipeline. Throws {@link GatewayException} for every failure the client should see. */
  public Outcome execute(Call call, ChatRequest request) {
    return new RealChain(pipeline, 0, call, request).proceed(request);
  }

  public Collection<ModelRoute> models() {
    return models.values();
  }

  /** The route of a model alias, or null. */
  public ModelRoute model(String name) {
    return models.get(name);
  }

  /** Routes calls that are not chat completions (embeddings) by the same rules and circuits as chat calls. */
  public TargetTries tries() {
    return tries;
  }

  /**
   * The timer that cuts off the tries of this gateway's calls at their limits, for calls routed through
   * {@link #tries()} outside the chat pipeline (embeddings), whose whole answers it cuts as chat's
   * ({@link Watchdog#cuttingOff}).
   */
  public Watchdog watchdog() {
    return watchdog;
  }

  /** True when at least one target of some model has a closed or half-open circuit. */
  public boolean anyRoutable() {
    return models.values().stream().flatMap(m -> m.targets().stream()).anyMatch(t -> !breakers.isOpen(t.id()));
  }

  /**
   * The server is told to stop: from now on a call its web server cuts short (interrupting its handler once the grace
   * period is over) is the shutdown's, answered, traced and counted as 503 {@code shutting_down}, not blamed on its
   * upstream ({@link Shutdown}).
   */
  public void stopping() {
    tries.shutdown().begin();
  }

  @Override
  public void close() {
    watchdog.close();
  }

  /** Assembles a gateway; the composition root supplies models and the interceptors of later capabilities. */
  public static final class Builder {
    private final Map<String, ModelRoute> models = new LinkedHashMap<>();
    private final List<Interceptor> interceptors = new ArrayList<>();
    private final List<AttemptInterceptor> attemptInterceptors = new ArrayList<>();
    private Breakers breakers = new Breakers();
    private LatencyTracker latencies = new LatencyTracker(0.3);
    private Sleeper sleeper = Sleeper.REAL;
    private Supplier<RandomGenerator> random = ThreadLocalRandom::current;
    private Duration maxBackoff = Duration.ofSeconds(10);
    private RetryBudget retryBudget = RetryBudget.UNLIMITED;
    private Clock clock = Clock.systemUTC();

    public Builder model(ModelRoute route) {
      models.put(route.name(), route);
      return this;
    }

    public Builder interceptor(Interceptor interceptor) {
      interceptors.add(interceptor);
      return this;
    }

    public Builder attemptInterceptor(AttemptInterceptor interceptor) {
      attemptInterceptors.add(interceptor);
      return this;
    }

    public Builder breakers(Breakers breakers) {
      this.breakers = breakers;
      return this;
    }

    public Builder latencies(LatencyTracker latencies) {
      this.latencies = latencies;
      return this;
    }

    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    public Builder random(Supplier<RandomGenerator> random) {
      this.random = random;
      return this;
    }

    /** Bounds retries per target ({@code retry_budget:}); unlimited unless set. */
    public Builder retryBudget(RetryBudget retryBudget) {
      this.retryBudget = retryBudget;
      return this;
    }

    /** The wall clock calls are dated by (their traces, and the budget windows their spend belongs to). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
      return this;
    }

    public Gateway build() {
      return new Gateway(this);
    }
  }
}
